import { AppError } from '../../errors/app-error';
import type { TPrisma } from '../../lib/db';
import type { TAuditActor, TAuditService, TRequestContext } from '../audit/audit.service';
import type { TSecretBox } from '../secrets';
import { OIDC_AUDIT_ACTIONS } from './oidc.audit';
import { findOidcSettings, saveOidcSettings, type TOidcSettingsRow } from './oidc-settings.repository';
import type { TOidcSettingsInput, TOidcSettingsView } from './oidc-settings.schemas';
import { buildRedirectUri, type TRedirectUriCheck, type TRedirectUriPolicy } from './redirect-uri.validator';

/** Binds the sealed secret to its column: a value copied from elsewhere fails to open. */
export const CLIENT_SECRET_AAD = 'oidc.client-secret';

export type TOidcSettingsConfig = {
  issuer: string;
  /** PUBLIC_URL, offered as the public base URL until the admin saves one. */
  publicUrl: string | undefined;
  redirectPolicy: TRedirectUriPolicy;
};

/** What the flow needs; only built when sign-in can actually work. */
export type TOidcClientSettings = { clientId: string; clientSecret: string; redirectUri: string };

export function createOidcSettingsService(deps: {
  prisma: TPrisma;
  secretBox: TSecretBox;
  audit: TAuditService;
  config: TOidcSettingsConfig;
}) {
  const check = (publicBaseUrl: string, instanceId: string | null | undefined): TRedirectUriCheck =>
    buildRedirectUri({ publicBaseUrl, instanceId }, deps.config.redirectPolicy);

  const toView = (row: TOidcSettingsRow | null): TOidcSettingsView => {
    const publicBaseUrl = row?.publicBaseUrl ?? deps.config.publicUrl ?? '';
    const redirect = check(publicBaseUrl, row?.instanceId);
    const hasClientSecret = row?.sealedClientSecret != null;
    return {
      clientId: row?.clientId ?? '',
      hasClientSecret,
      publicBaseUrl,
      instanceId: row?.instanceId ?? null,
      redirect,
      issuer: deps.config.issuer,
      isConfigured: row !== null && row.clientId !== '' && hasClientSecret && redirect.isValid,
      updatedAt: row?.updatedAt.toISOString() ?? null,
      updatedByName: row?.updatedByName ?? null,
    };
  };

  const get = async (): Promise<TOidcSettingsView> => toView(await findOidcSettings(deps.prisma));

  return {
    checkRedirectUri: check,
    get,

    async isEnabled(): Promise<boolean> {
      return (await get()).isConfigured;
    },

    async update(
      input: TOidcSettingsInput,
      actor: TAuditActor,
      context: TRequestContext,
    ): Promise<TOidcSettingsView> {
      const instanceId = input.instanceId == null || input.instanceId === '' ? null : input.instanceId;
      const redirect = check(input.publicBaseUrl, instanceId);
      if (!redirect.isValid) {
        throw new AppError('VALIDATION_FAILED', {
          message: `Google would reject the redirect URI: ${redirect.problems[0]?.message ?? 'it is not valid.'}`,
          details: { field: 'publicBaseUrl', redirect },
        });
      }
      const existing = await findOidcSettings(deps.prisma);
      if (input.clientSecret == null && existing?.sealedClientSecret == null) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'Enter the client secret from the Google Cloud console.',
          details: { field: 'clientSecret' },
        });
      }
      const sealedClientSecret =
        input.clientSecret == null ? undefined : deps.secretBox.seal(input.clientSecret, CLIENT_SECRET_AAD);
      const row = await deps.prisma.$transaction(async (tx) => {
        const saved = await saveOidcSettings(tx, {
          clientId: input.clientId,
          sealedClientSecret,
          publicBaseUrl: input.publicBaseUrl,
          instanceId,
          updatedByName: actor.name,
        });
        await deps.audit.record(
          {
            action: OIDC_AUDIT_ACTIONS.settingsUpdated,
            actor,
            target: 'oidc-settings',
            details: {
              clientId: saved.clientId,
              publicBaseUrl: saved.publicBaseUrl,
              instanceId: saved.instanceId,
              redirectUri: redirect.redirectUri,
              isClientSecretReplaced: sealedClientSecret !== undefined,
            },
            context,
          },
          tx,
        );
        return saved;
      });
      return toView(row);
    },

    /** The client credentials for a sign-in, or null while sign-in with Google is not set up. */
    async loadClientSettings(): Promise<TOidcClientSettings | null> {
      const row = await findOidcSettings(deps.prisma);
      if (row === null || row.clientId === '' || row.sealedClientSecret === null) return null;
      const redirect = check(row.publicBaseUrl, row.instanceId);
      if (!redirect.isValid) return null;
      return {
        clientId: row.clientId,
        clientSecret: deps.secretBox.open(row.sealedClientSecret, CLIENT_SECRET_AAD),
        redirectUri: redirect.redirectUri,
      };
    },
  };
}

export type TOidcSettingsService = ReturnType<typeof createOidcSettingsService>;
