export {
  createDelegatedTokenProvider,
  type TAccessToken,
  type TDelegatedTokenProvider,
  type TDelegatedTokenProviderOptions,
  type TGetTokenOptions,
  type TTokenProvider,
  type TTokenProviderStats,
} from './auth/delegated-token.provider';
export {
  GoogleAuthError,
  type TGoogleAuthErrorCode,
  type TGoogleAuthErrorDetails,
} from './auth/google-auth.error';
export { createAssertionSigner } from './auth/jwt-assertion.signer';
export type { TFetch } from './auth/token-endpoint.client';
export {
  createDirectoryClient,
  type TDirectoryClient,
  type TDirectoryClientOptions,
  type TListUsersOptions,
} from './directory/directory.client';
export {
  DirectoryError,
  type TDirectoryErrorCode,
  type TDirectoryErrorDetails,
} from './directory/directory.error';
export type {
  TDirectoryGroup,
  TDirectoryMember,
  TDirectoryMemberType,
  TDirectoryUser,
  TGroupExpansion,
} from './directory/directory.types';
export type { TExpandGroupsOptions } from './directory/group-expander';
export { paginate, type TListingKind, type TListingProgress, type TPage } from './directory/paginator';
export { DEFAULT_RETRY_OPTIONS, type TRetryOptions } from './directory/retry-policy';
export {
  createTokenBucketLimiter,
  DEFAULT_DIRECTORY_QUERIES_PER_MINUTE,
  type TRateLimiter,
} from './directory/token-bucket.limiter';
export {
  GOOGLE_ADMIN_ROOT_URL,
  GOOGLE_SCOPES,
  GOOGLE_TOKEN_URI,
  REQUIRED_DELEGATION_SCOPES,
  type TGoogleScope,
} from './google-scopes';
export { KeyFileError, type TKeyFileErrorCode, type TKeyFileErrorDetails } from './keys/key-file.error';
export { DEFAULT_MAX_KEY_FILE_BYTES } from './keys/key-file-input';
export { MAX_P12_ITERATIONS } from './keys/p12-iteration.guard';
export { parseP12Key, type TParseP12KeyOptions } from './keys/p12-key.parser';
export {
  parseServiceAccountKey,
  type TParseServiceAccountKeyOptions,
} from './keys/service-account-key.parser';
export {
  summarizeServiceAccountKey,
  type TServiceAccountKey,
  type TServiceAccountKeySummary,
} from './keys/service-account-key.types';
export { assertTrustedTokenUri } from './keys/token-uri.policy';
