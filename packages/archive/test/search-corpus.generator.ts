// A realistic-looking archive generated inside Postgres (generate_series, no round trip per row),
// for the search plan test and `pnpm bench:search`: skewed word frequencies (a few words in most
// mail, most words rare), skewed senders, dates over ten years, labels, flags and attachments.
import pg from 'pg';

const COMMON = `the to and of a in for is on that with this be you it at are as we from have your by or will
not our can if has please all any new more about would there their which they been was an also its
meeting project update report team review budget plan schedule call week today tomorrow next monday
friday thanks regards attached draft final version question answer follow note reminder deadline`.split(
  /\s+/,
);

const TOPICS = `invoice payment order shipment delivery contract proposal quote pricing discount customer
client supplier vendor account billing refund renewal subscription license support ticket incident outage
release deploy server database backup migration security password access audit compliance policy legal
hiring interview candidate offer onboarding training workshop conference travel flight hotel expense
marketing campaign launch webinar newsletter survey feedback roadmap milestone sprint backlog estimate
forecast revenue quarter annual board investor partner agreement signature approval request holiday
office lunch dinner party birthday welcome farewell announcement strategy design prototype research
analysis metrics dashboard kpi target growth risk issue bug feature requirement specification architecture
network firewall laptop printer inventory warehouse logistics procurement tender bid insurance claim tax
payroll salary bonus benefits pension vacation sick leave relocation visa permit lease rent facility`.split(
  /\s+/,
);

const FIRST = `james mary john patricia robert jennifer michael linda william elizabeth david barbara richard
susan joseph jessica thomas sarah charles karen daniel nancy matthew lisa anthony betty mark margaret
donald sandra steven ashley paul kimberly andrew emily joshua donna kenneth michelle kevin dorothy brian
carol george amanda edward melissa ronald deborah`.split(/\s+/);

const LAST =
  `smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez
lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker
hall rivera campbell mitchell carter roberts`.split(/\s+/);

const DOMAINS = `example.com acme.example globex.example initech.example umbrella.example hooli.example
stark.example wayne.example wonka.example cyberdyne.example`.split(/\s+/);

const LABELS = ['Work', 'Finance', 'Travel', 'Clients', 'Receipts', 'Newsletters', 'HR', 'Legal'];

/** A pool on the corpus database (for bench/, which has no pg of its own). */
export function openCorpusPool(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, max: 4 });
}

/** The k-th rare word (codes, references): each in a few hundred of a million messages. */
export function rareWord(k: number): string {
  return `ref${(k * 7919).toString(16)}`;
}
const RARE_WORDS = 20_000;

export type TSearchCorpus = { folderIds: string[]; messages: number };

export type TGenerateCorpusOptions = {
  messages: number;
  archives: number;
  /** Dates spread over the ten years before this instant. */
  now: Date;
  /** Rows per INSERT statement; progress is reported after each. */
  chunk?: number;
  onProgress?: (done: number) => void;
};

/**
 * Generates `archives` archive folders and `messages` messages (one copy each, in a random archive),
 * then ANALYZEs. Index maintenance is left to the caller (see rebuildIndexesAround).
 */
export async function generateSearchCorpus(
  pool: pg.Pool,
  options: TGenerateCorpusOptions,
): Promise<TSearchCorpus> {
  const folders = await pool.query<{ id: string }>(
    `INSERT INTO "archive_folders" ("name", "owner_user_name")
     SELECT 'Archive of user' || g, 'user' || g FROM generate_series(1, $1::int) g RETURNING "id"`,
    [options.archives],
  );
  const folderIds = folders.rows.map((row) => row.id);
  const chunk = options.chunk ?? 50_000;
  for (let start = 1; start <= options.messages; start += chunk) {
    const end = Math.min(options.messages, start + chunk - 1);
    await pool.query(INSERT_CHUNK_SQL, [
      start,
      end,
      [...COMMON, ...TOPICS],
      FIRST,
      LAST,
      DOMAINS,
      folderIds,
      LABELS,
      options.now.toISOString().slice(0, 23),
      RARE_WORDS,
    ]);
    options.onProgress?.(end);
  }
  await pool.query(
    'ANALYZE "archived_messages"; ANALYZE "archived_message_copies"; ANALYZE "archive_folders"',
  );
  return { folderIds, messages: options.messages };
}

// Arrays stay small (a text array is walked from its start on every subscript): rare words are
// computed (rareWord), not looked up. Nine draws in ten come from the everyday vocabulary, skewed
// so that its first words are in most messages and its topic words in a few percent.
const WORD_SQL = `CASE WHEN random() < 0.9
  THEN ($3::text[])[1 + floor(power(random(), 1.8) * array_length($3::text[], 1))::int]
  ELSE 'ref' || to_hex((1 + floor(random() * $10::int)::int) * 7919) END`;

const INSERT_CHUNK_SQL = `
WITH drawn AS (
  SELECT g, r.*,
         (SELECT string_agg(${WORD_SQL}, ' ') FROM generate_series(1, 30 + g % 60) WHERE g IS NOT NULL) AS body,
         (SELECT string_agg(($3::text[])[1 + floor(power(random(), 1.2) * array_length($3::text[], 1))::int], ' ')
            FROM generate_series(1, 3 + g % 5) WHERE g IS NOT NULL) AS subject
    FROM generate_series($1::int, $2::int) g
   CROSS JOIN LATERAL (
     SELECT floor(power(random(), 2) * 2500)::int AS sender,
            floor(random() * 2500)::int AS recipient,
            1 + floor(random() * array_length($7::uuid[], 1))::int AS folder,
            random() * 3650 AS age,
            random() < 0.15 AS has_attachment,
            1 + floor(random() * array_length($8::text[], 1))::int AS label,
            random() < 0.8 AS is_seen
      WHERE g IS NOT NULL
   ) r
), people AS (
  SELECT d.*,
         initcap(($4::text[])[1 + d.sender % 50]) || ' ' || initcap(($5::text[])[1 + (d.sender / 50) % 50]) AS from_name,
         ($4::text[])[1 + d.sender % 50] || '.' || ($5::text[])[1 + (d.sender / 50) % 50] || '@' || ($6::text[])[1 + d.sender % 10] AS from_address,
         ($4::text[])[1 + d.recipient % 50] || '.' || ($5::text[])[1 + (d.recipient / 50) % 50] || '@' || ($6::text[])[1 + d.recipient % 10] AS to_address,
         CASE WHEN d.has_attachment THEN ARRAY[split_part(d.subject, ' ', 1) || '-' || d.g || '.pdf'] ELSE '{}' END AS attachments,
         md5('bench-a' || d.g) || md5('bench-b' || d.g) AS address
    FROM drawn d
), messages AS (
  INSERT INTO "archived_messages" ("address", "size", "stored_bytes", "message_id", "date", "from_address", "from_name",
     "to_addresses", "cc_addresses", "subject", "attachment_names", "has_attachments", "search_vector", "body_preview",
     "archive_folder_ids")
  SELECT p.address,
         1200 + length(p.body) + CASE WHEN p.has_attachment THEN ((p.g::bigint * 7919) % 12000000)::int ELSE 0 END,
         800 + length(p.body), '<' || p.g || '@bench.example>',
         $9::timestamp - p.age * interval '1 day', p.from_address, p.from_name, ARRAY[p.to_address], '{}', p.subject,
         p.attachments, p.has_attachment,
         setweight(to_tsvector('simple', p.subject || ' ' || p.from_name || ' ' || p.from_address || ' ' || p.to_address
           || ' ' || array_to_string(p.attachments, ' ')), 'A') || to_tsvector('simple', p.body),
         left(p.body, 2000), ARRAY[($7::uuid[])[p.folder]]
    FROM people p
  RETURNING "address", "archive_folder_ids", "date"
)
INSERT INTO "archived_message_copies" ("archive_folder_id", "folder", "uid_validity", "uid", "message_address", "flags",
   "gmail_labels", "internal_date")
SELECT m."archive_folder_ids"[1], '[Gmail]/All Mail', 1, p.g, m."address",
       CASE WHEN p.is_seen THEN ARRAY['\\Seen'] ELSE '{}' END, ARRAY['\\Inbox', ($8::text[])[p.label]], m."date"
  FROM messages m
  JOIN people p ON p.address = m."address"`;

/**
 * Drops the indexes of the given tables (primary keys and constraints kept), runs `work`, and
 * creates them again exactly as they were: a bulk load into GIN is many times faster that way.
 */
export async function rebuildIndexesAround(
  pool: pg.Pool,
  tables: string[],
  work: () => Promise<void>,
): Promise<void> {
  const indexes = await pool.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY($1::text[]) AND NOT i.indisprimary AND NOT i.indisunique`,
    [tables],
  );
  for (const index of indexes.rows) await pool.query(`DROP INDEX ${index.name}`);
  await work();
  const client = await pool.connect();
  try {
    await client.query(`SET maintenance_work_mem = '512MB'`);
    for (const index of indexes.rows) await client.query(index.definition);
  } finally {
    client.release();
  }
}
