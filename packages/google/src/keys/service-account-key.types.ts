export type TServiceAccountKey = {
  type: 'service_account';
  format: 'json' | 'p12';
  projectId: string | null;
  privateKeyId: string;
  /** PKCS#8 PEM. Secret: never log it, never return it from an API. */
  privateKeyPem: string;
  clientEmail: string;
  clientId: string;
  tokenUri: string;
  universeDomain: string | null;
};

/** Everything an admin may see about a key; safe for API responses and logs. */
export type TServiceAccountKeySummary = Omit<TServiceAccountKey, 'privateKeyPem'>;

export function summarizeServiceAccountKey(key: TServiceAccountKey): TServiceAccountKeySummary {
  const { privateKeyPem: _secret, ...summary } = key;
  return summary;
}
