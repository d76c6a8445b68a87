export const SEND_WINDOW_MS = 24 * 60 * 60 * 1000;

export type TSendLimits = { messagesPerDay: number; recipientsPerDay: number; recipientsPerMessage: number };

export type TSenderUsage = { messages: number; recipients: number };

export type TLimitVerdict =
  | { isAllowed: true }
  | {
      isAllowed: false;
      limit: 'recipientsPerMessage' | 'messagesPerDay' | 'recipientsPerDay';
      message: string;
      /** HTTP status: a message too big for any day is a bad request, a full day is "try later". */
      status: 400 | 429;
    };

/**
 * Gmail's per-user limits, checked before a message is queued so a request that would exceed them
 * is refused with the limit named rather than failing later at Gmail (550 5.4.5).
 */
export function checkSendLimits(
  limits: TSendLimits,
  sender: string,
  usage: TSenderUsage,
  recipientCount: number,
): TLimitVerdict {
  if (recipientCount > limits.recipientsPerMessage) {
    return {
      isAllowed: false,
      limit: 'recipientsPerMessage',
      status: 400,
      message: `This message has ${recipientCount} recipients; at most ${limits.recipientsPerMessage} recipients per message are allowed (Gmail's SMTP limit). Split it into several messages.`,
    };
  }
  if (usage.messages + 1 > limits.messagesPerDay) {
    return {
      isAllowed: false,
      limit: 'messagesPerDay',
      status: 429,
      message: `${sender} has sent ${usage.messages} messages in the last 24 hours; the limit is ${limits.messagesPerDay} messages per sender per rolling 24 hours.`,
    };
  }
  if (usage.recipients + recipientCount > limits.recipientsPerDay) {
    return {
      isAllowed: false,
      limit: 'recipientsPerDay',
      status: 429,
      message: `${sender} has sent to ${usage.recipients} recipients in the last 24 hours; ${recipientCount} more would pass the limit of ${limits.recipientsPerDay} recipients per sender per rolling 24 hours.`,
    };
  }
  return { isAllowed: true };
}
