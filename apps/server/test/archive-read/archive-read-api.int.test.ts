import { setTimeout as sleep } from 'node:timers/promises';
import type {
  TAccessLogPage,
  TArchivedMessageView,
  TArchiveExport,
  TArchiveRestore,
  TArchiveSearchResult,
} from '@wac/api-contract';
import { createFsBlobStore, deriveArchiveKeys } from '@wac/archive';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMboxrd } from '../../src/modules/archive-read/mboxrd.format';
import { connectGoogle } from '../directory-sync/support/directory-sync.fixture';
import { emulatorEnv, SAMPLE_ADMIN } from '../google-connection/support/google-connection.fixture';
import {
  ADMIN_PASSWORD,
  bootstrapAdmin,
  buildTestApp,
  signIn,
  type TBrowser,
  TEST_SECRETS_KEY,
} from '../support/test-app';
import { createUser } from '../support/users.fixture';
import { htmlMessage, makeDataDir, seedArchive, textMessage } from './support/archive-read.fixture';
import { readZipEntries } from './support/zip.reader';

// The whole reading path with the real parts: messages archived through @wac/archive's ingest into
// the encrypted store under DATA_DIR, searched, opened, exported and restored through the API, and
// restored over IMAP into the emulator's Gmail with the Google connection's delegated token.
describe('reading the archive: access control, viewer, export, restore, access log', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let remove: () => Promise<void>;
  let admin: TBrowser;
  let alice: TBrowser;
  let bob: TBrowser;
  let auditor: TBrowser;
  let aliceFolder: string;
  let bobFolder: string;
  const aliceRaw = [
    textMessage({ subject: 'Quarterly budget review', body: 'The budget for the lighthouse project.' }),
    textMessage({
      subject: 'From the harbour',
      body: 'From here on\r\nFrom the quay\r\n>From quoted already',
    }),
  ];
  const aliceHtml = htmlMessage({
    subject: 'Newsletter with pictures',
    html: '<p>Hello <b>Alice</b></p><img src="cid:logo@example.net" alt="logo"><img src="https://tracker.example.org/pixel.gif" alt="pixel"><script>alert(1)</script>',
    attachmentName: 'Résumé "final".pdf',
  });
  let aliceIds: string[];
  let htmlId: string;
  let bobIds: string[];

  beforeAll(async () => {
    let dataDir: string;
    [database, emulator, { dataDir, remove }] = await Promise.all([
      createTestDatabase(),
      startEmulator({ host: '127.0.0.1', port: 0, imap: true }),
      makeDataDir(),
    ]);
    const imap = emulator.imap!;
    await bootstrapAdmin(database);
    app = await buildTestApp(database, {
      env: {
        ...emulatorEnv(emulator),
        DATA_DIR: dataDir,
        IMAP_HOST: imap.host,
        IMAP_PORT: String(imap.port),
        IMAP_TLS: 'false',
      },
      archiveRead: { exportProgressIntervalMs: 0 },
    });
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    await connectGoogle(app, admin, emulator, SAMPLE_ADMIN);
    const make = async (name: string, privileges: string[]) => {
      const user = await createUser(database.prisma, {
        userName: `${name}@example.com`,
        emails: [`${name}@example.com`],
        password: `pw-${name}-long-enough`,
        privileges,
      });
      const folder = await database.prisma.archiveFolder.findUniqueOrThrow({
        where: { ownerUserId: user.id },
      });
      return folder.id;
    };
    aliceFolder = await make('alice', ['login', 'export']);
    bobFolder = await make('bob', ['login', 'export']);
    await make('carol', ['login', 'auditor']);
    const aliceUser = await database.prisma.user.findFirstOrThrow({
      where: { userName: 'alice@example.com' },
    });
    await database.prisma.folderAccess.create({
      data: { folderId: aliceFolder, userId: aliceUser.id, canRead: true, canWrite: true },
    });
    aliceIds = await seedArchive(
      database,
      dataDir,
      aliceFolder,
      aliceRaw.map((raw) => ({
        raw,
        source: { folder: '[Gmail]/All Mail', gmailLabels: ['\\Inbox', 'Projects'] },
      })),
    );
    htmlId = (await seedArchive(database, dataDir, aliceFolder, [{ raw: aliceHtml }]))[0]!;
    bobIds = await seedArchive(database, dataDir, bobFolder, [
      { raw: textMessage({ subject: 'Bob private budget', to: 'bob@example.com' }) },
    ]);
    alice = await signIn(app, 'alice@example.com', 'pw-alice-long-enough');
    bob = await signIn(app, 'bob@example.com', 'pw-bob-long-enough');
    auditor = await signIn(app, 'carol@example.com', 'pw-carol-long-enough');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
    await remove?.();
  });

  const get = (browser: TBrowser, url: string) => browser.request({ method: 'GET', url });

  it("searches a user's own archive with highlighted snippets and a count", async () => {
    const response = await get(alice, '/api/me/archive/search?q=budget');
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<TArchiveSearchResult>();
    expect(result.hits.map((hit) => hit.messageId)).toEqual([aliceIds[0]]);
    expect(result.count).toEqual({ value: 1, isExact: true });
    expect(result.hits[0]!.snippet.some((part) => part.isMatch && /budget/i.test(part.text))).toBe(true);
    expect(result.hits[0]!.archives).toEqual([{ id: aliceFolder, name: 'Archive of alice@example.com' }]);
  });

  it("never lets user B reach user A's messages by id, search, thread, attachment, export or restore", async () => {
    const id = htmlId;
    for (const url of [
      `/api/me/archive/messages/${id}`,
      `/api/me/archive/messages/${id}/body`,
      `/api/me/archive/messages/${id}/thread`,
      `/api/me/archive/messages/${id}/attachments/0`,
      `/api/me/archive/messages/${id}/raw`,
    ]) {
      const response = await get(bob, url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Newsletter');
    }
    const search = await get(bob, '/api/me/archive/search?q=budget');
    expect(search.json<TArchiveSearchResult>().hits.map((hit) => hit.messageId)).toEqual(bobIds);
    const aimed = await get(bob, `/api/me/archive/search?q=&archiveFolderId=${aliceFolder}`);
    expect(aimed.json<TArchiveSearchResult>().hits).toEqual([]);
    for (const selection of [
      { kind: 'MESSAGES', messageIds: [aliceIds[0]] },
      { kind: 'FOLDER', archiveFolderId: aliceFolder },
      { kind: 'LABEL', archiveFolderId: aliceFolder, label: 'Projects' },
    ]) {
      const exported = await bob.request({
        method: 'POST',
        url: '/api/me/archive/exports',
        payload: { format: 'MBOX', selection },
      });
      expect(exported.statusCode, JSON.stringify(selection)).toBe(404);
      const restored = await bob.request({
        method: 'POST',
        url: '/api/me/archive/restores',
        payload: { archiveFolderId: aliceFolder, selection },
      });
      expect(restored.statusCode, JSON.stringify(selection)).toBe(404);
    }
    const searchExport = await bob.request({
      method: 'POST',
      url: '/api/me/archive/exports',
      payload: { format: 'MBOX', selection: { kind: 'SEARCH', query: 'budget' } },
    });
    expect(searchExport.statusCode).toBe(202);
    expect(searchExport.json<TArchiveExport>().totalMessages).toBe(1);
    // Another user's export cannot be seen or downloaded either.
    const foreign = searchExport.json<TArchiveExport>().id;
    expect((await get(alice, `/api/me/archive/exports/${foreign}`)).statusCode).toBe(404);
    expect((await get(alice, `/api/me/archive/exports/${foreign}/download`)).statusCode).toBe(404);
    // Every archive is for admins and auditors only; the access log for admins only.
    expect((await get(bob, '/api/archive/search?q=budget')).statusCode).toBe(403);
    expect((await get(bob, `/api/archive/messages/${id}`)).statusCode).toBe(403);
    expect((await get(bob, '/api/archive/access-log')).statusCode).toBe(403);
    expect((await get(auditor, '/api/archive/access-log')).statusCode).toBe(403);
  });

  it('lets an auditor search and read every archive, but not restore or export without the privilege', async () => {
    const response = await get(auditor, '/api/archive/search?q=budget');
    expect(response.statusCode).toBe(200);
    expect(new Set(response.json<TArchiveSearchResult>().hits.map((hit) => hit.messageId))).toEqual(
      new Set([aliceIds[0], bobIds[0]]),
    );
    expect((await get(auditor, `/api/archive/messages/${htmlId}`)).statusCode).toBe(200);
    const restore = await auditor.request({
      method: 'POST',
      url: '/api/archive/restores',
      payload: { archiveFolderId: aliceFolder, selection: { kind: 'MESSAGES', messageIds: [aliceIds[0]] } },
    });
    expect(restore.statusCode).toBe(403);
    const exported = await auditor.request({
      method: 'POST',
      url: '/api/archive/exports',
      payload: { format: 'MBOX', selection: { kind: 'SEARCH', query: 'budget' } },
    });
    expect(exported.statusCode).toBe(403);
  });

  it('opens a message: headers, attachments, sanitised HTML in a sandboxed frame, remote images only when allowed', async () => {
    const view = await get(alice, `/api/me/archive/messages/${htmlId}`);
    expect(view.statusCode, view.body).toBe(200);
    const message = view.json<TArchivedMessageView>();
    expect(message.subject).toBe('Newsletter with pictures');
    expect(message.hasHtml).toBe(true);
    expect(message.remoteContentCount).toBe(1);
    const pdf = message.attachments.find((attachment) => attachment.contentType === 'application/pdf')!;
    expect(pdf.filename).toBe('Résumé "final".pdf');

    const blocked = await get(alice, `/api/me/archive/messages/${htmlId}/body`);
    expect(blocked.statusCode).toBe(200);
    const csp = String(blocked.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:;');
    expect(csp).toContain('sandbox');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(blocked.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(blocked.body).toContain('<b>Alice</b>');
    expect(blocked.body).toMatch(/<img alt="logo" src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(blocked.body).not.toContain('tracker.example.org');
    expect(blocked.body).not.toContain('<script');

    const allowed = await get(alice, `/api/me/archive/messages/${htmlId}/body?remote=allow`);
    expect(allowed.body).toContain('src="https://tracker.example.org/pixel.gif"');
    expect(String(allowed.headers['content-security-policy'])).toContain('img-src data: https: http:');

    const download = await get(alice, `/api/me/archive/messages/${htmlId}/attachments/${pdf.index}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.toString()).toBe('%PDF-1.4 fake report');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="R_sum_ _final_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20_final_.pdf`,
    );

    const raw = await get(alice, `/api/me/archive/messages/${htmlId}/raw`);
    expect(raw.rawPayload.equals(aliceHtml)).toBe(true);
    expect(raw.headers['content-type']).toBe('message/rfc822');
  });

  it('exports a search result as mboxrd and a label as a zip of .eml files, both byte-identical on re-import, resumable', async () => {
    const store = createFsBlobStore({
      root: '/nonexistent',
      keys: deriveArchiveKeys(Buffer.from(TEST_SECRETS_KEY, 'base64')),
    });
    const mbox = await exportAndDownload(alice, { format: 'MBOX', selection: { kind: 'SEARCH', query: '' } });
    const messages = parseMboxrd(mbox);
    expect(messages).toHaveLength(3);
    expect(new Set(messages.map((raw) => store.addressOf(raw)))).toEqual(new Set([...aliceIds, htmlId]));
    expect(messages.some((raw) => raw.equals(aliceRaw[1]!))).toBe(true);

    const zip = await exportAndDownload(alice, {
      format: 'ZIP',
      selection: { kind: 'LABEL', archiveFolderId: aliceFolder, label: 'Projects' },
    });
    const entries = readZipEntries(zip);
    expect(entries.map((entry) => entry.name.endsWith('.eml'))).toEqual([true, true]);
    expect(new Set(entries.map((entry) => store.addressOf(entry.content)))).toEqual(new Set(aliceIds));

    const exports = await get(alice, '/api/me/archive/exports');
    expect(exports.json<{ items: TArchiveExport[] }>().items.map((item) => item.status)).toEqual([
      'READY',
      'READY',
    ]);
  });

  it('refuses to export without the Export E-mail privilege', async () => {
    await database.prisma.user.update({
      where: { userNameKey: 'bob@example.com' },
      data: { privileges: ['login'] },
    });
    const response = await bob.request({
      method: 'POST',
      url: '/api/me/archive/exports',
      payload: { format: 'ZIP', selection: { kind: 'SEARCH', query: '' } },
    });
    expect(response.statusCode).toBe(403);
  });

  it('restores into Gmail over IMAP APPEND once, however often it runs', async () => {
    const selection = { kind: 'MESSAGES', messageIds: [aliceIds[0]] };
    expect(
      emulator.gmail.folders('alice@example.com').find((folder) => folder.path === 'INBOX')?.messages ?? 0,
    ).toBe(0);
    const first = await restoreAndWait(admin, '/api/archive/restores', {
      archiveFolderId: aliceFolder,
      selection,
    });
    expect(first).toMatchObject({
      status: 'SUCCEEDED',
      appended: 1,
      alreadyPresent: 0,
      mailbox: 'alice@example.com',
    });
    const second = await restoreAndWait(alice, '/api/me/archive/restores', {
      archiveFolderId: aliceFolder,
      selection,
    });
    expect(second).toMatchObject({ status: 'SUCCEEDED', appended: 0, alreadyPresent: 1 });
    const inbox = () => emulator.gmail.folders('alice@example.com').find((folder) => folder.path === 'INBOX');
    expect(inbox()?.messages).toBe(1);
    const third = await restoreAndWait(admin, '/api/archive/restores', {
      archiveFolderId: aliceFolder,
      selection: { kind: 'LABEL', archiveFolderId: aliceFolder, label: 'Projects' },
    });
    expect(third).toMatchObject({ status: 'SUCCEEDED', appended: 1, alreadyPresent: 1 });
    expect(inbox()?.messages).toBe(2);
  });

  it('logs every kind of access, allowed and refused, where only admins read it and nobody can change it', async () => {
    const page = await get(admin, '/api/archive/access-log?limit=500');
    expect(page.statusCode).toBe(200);
    const items = page.json<TAccessLogPage>().items;
    const seen = (actor: string, result: string) =>
      new Set(
        items.filter((item) => item.actorName === actor && item.result === result).map((item) => item.action),
      );
    expect(seen('alice@example.com', 'ALLOWED')).toEqual(
      new Set(['SEARCH', 'OPEN', 'ATTACHMENT', 'RAW', 'EXPORT', 'EXPORT_DOWNLOAD', 'RESTORE']),
    );
    expect(seen('bob@example.com', 'DENIED')).toEqual(
      new Set(['OPEN', 'THREAD', 'ATTACHMENT', 'RAW', 'EXPORT', 'RESTORE', 'SEARCH']),
    );
    const opened = items.find((item) => item.actorName === 'alice@example.com' && item.action === 'OPEN')!;
    expect(opened).toMatchObject({
      ip: '127.0.0.1',
      messageId: htmlId,
      archiveFolderIds: [aliceFolder],
      area: 'OWN',
    });
    const filtered = await get(admin, '/api/archive/access-log?actor=bob&result=DENIED&action=RAW');
    expect(filtered.json<TAccessLogPage>().items).toHaveLength(1);
    await expect(
      database.prisma.$executeRaw`UPDATE "archive_access_log" SET "result" = 'ALLOWED'`,
    ).rejects.toThrow(/append-only/);
    await expect(database.prisma.$executeRaw`DELETE FROM "archive_access_log"`).rejects.toThrow(
      /append-only/,
    );
  });

  async function exportAndDownload(browser: TBrowser, payload: object): Promise<Buffer> {
    const created = await browser.request({ method: 'POST', url: '/api/me/archive/exports', payload });
    expect(created.statusCode, created.body).toBe(202);
    const { id } = created.json<TArchiveExport>();
    let current = created.json<TArchiveExport>();
    for (let attempt = 0; current.status === 'PREPARING' && attempt < 100; attempt += 1) {
      await sleep(50);
      current = (await get(browser, `/api/me/archive/exports/${id}`)).json<TArchiveExport>();
    }
    expect(current.status).toBe('READY');
    expect(current.doneMessages).toBe(current.totalMessages);
    // Resumed: the first half, then the rest by Range.
    const half = Math.floor(current.bytes / 2);
    const first = await app.inject({
      method: 'GET',
      url: `/api/me/archive/exports/${id}/download`,
      headers: { cookie: browser.jar.header(), range: `bytes=0-${half - 1}` },
    });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-${half - 1}/${current.bytes}`);
    const rest = await app.inject({
      method: 'GET',
      url: `/api/me/archive/exports/${id}/download`,
      headers: {
        cookie: browser.jar.header(),
        range: `bytes=${half}-`,
        'if-range': String(first.headers.etag),
      },
    });
    expect(rest.statusCode).toBe(206);
    const whole = await get(browser, `/api/me/archive/exports/${id}/download`);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const joined = Buffer.concat([first.rawPayload, rest.rawPayload]);
    expect(joined.equals(whole.rawPayload)).toBe(true);
    return joined;
  }

  async function restoreAndWait(browser: TBrowser, url: string, payload: object): Promise<TArchiveRestore> {
    const created = await browser.request({ method: 'POST', url, payload });
    expect(created.statusCode, created.body).toBe(202);
    let current = created.json<TArchiveRestore>();
    for (let attempt = 0; current.status === 'RUNNING' && attempt < 200; attempt += 1) {
      await sleep(50);
      current = (await get(browser, `${url}/${current.id}`)).json<TArchiveRestore>();
    }
    return current;
  }
});
