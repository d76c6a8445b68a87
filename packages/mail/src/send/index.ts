export {
  addressOf,
  composeMessage,
  newMessageId,
  type TAddress,
  type TComposedMessage,
  type TOutgoingAttachment,
  type TOutgoingMessage,
} from './outgoing-message.composer';
export type * from './send-problem.types';
export { DEFAULT_SEND_RETRY_DELAYS_MS, retryDelayMs } from './send-retry.policy';
export { createSmtpSender, type TSmtpSender, type TSmtpSenderDeps } from './smtp.sender';
export {
  GMAIL_SMTP_ENDPOINT,
  type TSmtpEndpoint,
  type TSmtpSecurity,
  transportOptionsOf,
} from './smtp-endpoint';
export { classifySendError, type TSendContext } from './smtp-reply.classifier';
