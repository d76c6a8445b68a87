export { loadMasterKey, MasterKeyError, type TMasterKey, type TMasterKeySource } from './master-key.loader';
export {
  createSecretBox,
  MASTER_KEY_BYTES,
  SecretBoxError,
  type TSecretBox,
  type TSecretBoxErrorCode,
} from './secret-box';
