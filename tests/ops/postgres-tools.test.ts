// The pieces of the PostgreSQL restore that need no server: moving a dump's SQL to another schema,
// and keeping the password off the command line.
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { pgConnection, schemaRewriter } from '../../src/ops/postgres-tools.ts';

async function rewrite(sql: string, from: string, to: string, chunk = 7): Promise<string> {
  const chunks = Array.from({ length: Math.ceil(sql.length / chunk) }, (_, i) => Buffer.from(sql.slice(i * chunk, (i + 1) * chunk)));
  return text(Readable.from(chunks).pipe(schemaRewriter(from, to)));
}

describe('schemaRewriter', () => {
  it('moves qualified names and SCHEMA statements, and leaves data, literals and comments alone', async () => {
    const sql = [
      '-- Name: Org; Type: TABLE; Schema: t_src; Owner: -',
      'DROP TABLE IF EXISTS t_src."Org";',
      'DROP SCHEMA IF EXISTS t_src;',
      'CREATE SCHEMA t_src;',
      'CREATE TABLE t_src."Org" (',
      "    name text DEFAULT 't_src.x'::text,",
      '    t_src_note text',
      ');',
      'COPY t_src."Org" (name, t_src_note) FROM stdin;',
      't_src.y\tCREATE SCHEMA t_src;',
      '\\.',
      'ALTER TABLE ONLY t_src."P" ADD CONSTRAINT "P_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES t_src."Org"(id);',
      '',
    ].join('\n');
    expect(await rewrite(sql, 't_src', 'r_dst')).toBe(
      [
        '-- Name: Org; Type: TABLE; Schema: t_src; Owner: -',
        'DROP TABLE IF EXISTS r_dst."Org";',
        'DROP SCHEMA IF EXISTS r_dst;',
        'CREATE SCHEMA r_dst;',
        'CREATE TABLE r_dst."Org" (',
        "    name text DEFAULT 't_src.x'::text,",
        '    t_src_note text',
        ');',
        'COPY r_dst."Org" (name, t_src_note) FROM stdin;',
        't_src.y\tCREATE SCHEMA t_src;',
        '\\.',
        'ALTER TABLE ONLY r_dst."P" ADD CONSTRAINT "P_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES r_dst."Org"(id);',
        '',
      ].join('\n'),
    );
  });

  it('quotes names that need it', async () => {
    expect(await rewrite('DROP TABLE "Src"."Org";\nCREATE TABLE src."Org" ();', 'Src', 'Dst')).toBe('DROP TABLE "Dst"."Org";\nCREATE TABLE src."Org" ();');
  });
});

describe('pgConnection', () => {
  it('moves the password to PGPASSWORD and drops what libpq does not know', () => {
    const connection = pgConnection('postgresql://bot:s%40cret@db.example:5433/progress?schema=bot&connection_limit=5&sslmode=require');
    expect(connection.url).toBe('postgresql://bot@db.example:5433/progress?sslmode=require');
    expect(connection.env.PGPASSWORD).toBe('s@cret');
  });
});
