import type { TMailbox, TSendMessageAccepted, TSendSettings } from '@wac/api-contract';
import { AppError } from '../../errors/app-error';
import type { TPrisma } from '../../lib/db';
import type { TAuditActor, TAuditService, TRequestContext } from '../audit/audit.service';
import { saveSendSettings } from './send-settings.repository';
import { SENDING_AUDIT_ACTIONS } from './sending.audit';
import type { TSendingService } from './sending.service';

type TWho = { actor: TAuditActor; context: TRequestContext };

export type TSendSettingsUpdate = {
  listedSenders: TMailbox[];
  notificationSender: TMailbox | null;
  notificationRecipients: TMailbox[];
  notify: { syncProblems: boolean; mailboxProblems: boolean; keyAge: boolean };
};

/** The console's side of sending: who may send, where notifications go, and Send test e-mail. */
export function createSendSettingsService(deps: {
  prisma: TPrisma;
  audit: TAuditService;
  sending: TSendingService;
}) {
  const { prisma, audit, sending } = deps;
  return {
    get: (): Promise<TSendSettings> => sending.getSettingsView(),

    async update(input: TSendSettingsUpdate, who: TWho): Promise<TSendSettings> {
      const row = {
        listedSenders: [...new Set(input.listedSenders.map((entry) => entry.address))],
        notificationSender: input.notificationSender?.address ?? null,
        notificationRecipients: [...new Set(input.notificationRecipients.map((entry) => entry.address))],
        notifySyncProblems: input.notify.syncProblems,
        notifyMailboxProblems: input.notify.mailboxProblems,
        notifyKeyAge: input.notify.keyAge,
      };
      await prisma.$transaction(async (tx) => {
        await saveSendSettings(tx, row);
        await audit.record(
          {
            action: SENDING_AUDIT_ACTIONS.settingsUpdated,
            actor: who.actor,
            details: row,
            context: who.context,
          },
          tx,
        );
      });
      return sending.getSettingsView();
    },

    async sendTest(input: { from: TMailbox; to: TMailbox }, who: TWho): Promise<TSendMessageAccepted> {
      if (!(await sending.isAllowedSender(input.from.address))) {
        throw new AppError('SENDER_NOT_ALLOWED', {
          message: `${input.from.address} is not an allowed sender. Give the user the Send E-mail privilege, or list the address under Allowed senders.`,
        });
      }
      const accepted = await sending.sendInternal({
        source: 'TEST',
        from: input.from,
        to: [input.to],
        subject: 'Test e-mail from Workspace Archive Connector',
        text: `This test message was sent as ${input.from.address} through Gmail's SMTP server with a delegated token, at the request of ${who.actor.name}.\n\nIf it arrived, sending works for this sender.`,
      });
      await audit.record({
        action: SENDING_AUDIT_ACTIONS.testSent,
        actor: who.actor,
        target: accepted.id,
        details: { from: input.from.address, to: input.to.address },
        context: who.context,
      });
      return accepted;
    },
  };
}

export type TSendSettingsService = ReturnType<typeof createSendSettingsService>;
