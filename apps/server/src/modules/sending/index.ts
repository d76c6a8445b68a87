export { messagesApiRoutes } from './messages-api.routes';
export { SENDING_AUDIT_ACTIONS } from './sending.audit';
export { createSendingModule, type TSendingModule, type TSendingOverrides } from './sending.module';
export { sendingAdminRoutes } from './sending-admin.routes';
