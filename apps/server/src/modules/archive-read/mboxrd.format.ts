/**
 * mboxrd (as in qmail's mbox(5) and Thunderbird): each message starts with a "From " line; every
 * line of the message that starts with ">*From " gets one more ">", so a reader removes exactly one
 * and gets the bytes back. The message's own line endings are kept (CRLF stays CRLF), and one "\n"
 * follows each message, so the bytes round-trip exactly.
 */
export function mboxrdEntry(raw: Buffer, sender: string | null, date: Date | null): Buffer {
  const envelope = `From ${envelopeSender(sender)} ${asctime(date ?? new Date(0))}\n`;
  return Buffer.concat([Buffer.from(envelope, 'latin1'), quoteFromLines(raw), Buffer.from('\n')]);
}

const FROM_LINE = /(^|\n)(>*From )/g;

function quoteFromLines(raw: Buffer): Buffer {
  // latin1 maps every byte to one char and back, so any charset survives the regex untouched.
  return Buffer.from(raw.toString('latin1').replace(FROM_LINE, '$1>$2'), 'latin1');
}

/** Splits an mboxrd file back into the messages' bytes. */
export function parseMboxrd(file: Buffer): Buffer[] {
  const text = file.toString('latin1');
  if (text === '') return [];
  const starts: number[] = [];
  const pattern = /(^|\n)From [^\n]*\n/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    starts.push(match.index + match[1]!.length);
  }
  return starts.map((start, index) => {
    const bodyStart = text.indexOf('\n', start) + 1;
    const end = index + 1 < starts.length ? starts[index + 1]! : text.length;
    // Drop the one "\n" written after the message.
    const body = text.slice(bodyStart, end - 1);
    return Buffer.from(body.replace(/(^|\n)>(>*From )/g, '$1$2'), 'latin1');
  });
}

function envelopeSender(sender: string | null): string {
  const clean = (sender ?? '').replace(/[^\x21-\x7e]/g, '');
  return clean === '' ? 'MAILER-DAEMON' : clean;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ctime(3) in UTC, as mbox "From " lines carry it: "Sat Dec  5 10:00:00 2026". */
function asctime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
}
