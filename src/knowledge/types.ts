/** A knowledge file as loaded, before chunking. */
export interface DocMeta {
  title: string;
  sources: string[];
  jurisdictions: string[];
  topics: string[];
  language: string;
  updated?: string;
  kind: 'page' | 'faq' | 'glossary' | 'registry';
  programme?: Record<string, unknown>;
  agency?: string[];
  aliases?: string[];
  /** Jurisdictions the programme covers without a page of their own (the EU's Member States). */
  members?: string[];
  translation_of?: string;
}

export type DocFormat = 'markdown' | 'text' | 'html' | 'pdf' | 'registry';

export interface KnowledgeDoc {
  /** Path relative to the knowledge folder, with forward slashes. */
  file: string;
  format: DocFormat;
  meta: DocMeta;
  /** Markdown-like body: `#` headings delimit sections. */
  body: string;
  /** 1-based line of the body's first line in the original file (after front matter). */
  bodyStartLine: number;
}

export interface Chunk {
  id: string;
  file: string;
  title: string;
  /** Heading path, outermost first. */
  headings: string[];
  text: string;
  lineStart: number;
  lineEnd: number;
  language: string;
  jurisdictions: string[];
  topics: string[];
  kind: DocMeta['kind'];
  sources: string[];
  updated?: string;
  /** Questions the section answers, phrased as users ask them (`<!-- questions: -->` blocks): their own field. */
  questions?: string[];
}

export interface SkippedFile { file: string; reason: string }
