import { Readable } from 'node:stream';
import { ProblemException } from '@dxhub/platform';
import { ndjsonLines, NdjsonLimits } from './ndjson-lines';

const limits: NdjsonLimits = { maxBytes: 1000, maxBytesText: '1000 bytes', maxLineBytes: 20 };

async function lines(chunks: (string | Buffer)[], l = limits) {
  const out: { number: number; text: string; tooLong: boolean }[] = [];
  for await (const line of ndjsonLines(Readable.from(chunks), l)) out.push({ number: line.number, text: line.bytes.toString('utf8'), tooLong: line.tooLong });
  return out;
}

describe('ndjsonLines', () => {
  it('splits on LF and CRLF, counts blank lines, and keeps a last line without an ending', async () => {
    expect(await lines(['{"a":1}\n\r\n{"b":2}\r\n{"c":3}'])).toEqual([
      { number: 1, text: '{"a":1}', tooLong: false },
      { number: 2, text: '', tooLong: false },
      { number: 3, text: '{"b":2}', tooLong: false },
      { number: 4, text: '{"c":3}', tooLong: false },
    ]);
    expect(await lines(['{"a":1}\n'])).toHaveLength(1);
    expect(await lines([])).toEqual([]);
  });

  it('joins lines split across chunks, even inside a UTF-8 character', async () => {
    const bytes = Buffer.from('{"n":"Zoë"}\n{"n":"Ñ"}\n', 'utf8');
    const chunks = Array.from(bytes).map((b) => Buffer.from([b])); // one byte at a time
    expect((await lines(chunks)).map((l) => l.text)).toEqual(['{"n":"Zoë"}', '{"n":"Ñ"}']);
  });

  it('marks a line over the limit without holding it, and goes on with the next', async () => {
    const long = 'x'.repeat(15);
    expect(await lines([long, long, '\n{"ok":1}\n', long + long])).toEqual([
      { number: 1, text: '', tooLong: true },
      { number: 2, text: '{"ok":1}', tooLong: false },
      { number: 3, text: '', tooLong: true },
    ]);
  });

  it('refuses a body over the limit with 413', async () => {
    const error = await lines(['{"a":1}\n'.repeat(100), '{"a":1}\n'.repeat(100)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).problem).toMatchObject({ status: 413, errors: [{ field: 'body', message: 'must be at most 1000 bytes' }] });
  });
});
