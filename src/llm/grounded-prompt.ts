import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { Turn } from '../core/answer.js';
import type { Chunk } from '../knowledge/types.js';
import { withoutPlantedInstructions } from './planted-instructions.js';

const TEMPLATES = ['answer-system', 'answer-user', 'condense-system', 'condense-user'] as const;
type TemplateName = (typeof TEMPLATES)[number];

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Spanish', fr: 'French' };

/** Turns of the conversation a follow-up is condensed with, and how much of each. */
const HISTORY_TURNS = 6;
const TURN_CHARS = 500;

/**
 * Text from users or knowledge files, made safe to put between the prompt's fences: angle brackets become look-alike
 * quotes, so nothing inside can close a fence (`</question>`) or open a new one; control characters are dropped.
 */
export function asData(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .trim();
}

/** User text as one line of data: it cannot start a line that looks like a passage ("[6] ...") or a turn. */
function asLine(text: string): string {
  return asData(text).replace(/\s*\n\s*/g, ' ');
}

/**
 * The grounded prompts of prompts/llm: a fixed system message first (the rules), then one user message holding the
 * numbered passages and the question, each fenced as data.
 */
export class GroundedPrompt {
  private constructor(private readonly templates: Record<TemplateName, string>) {}

  static load(dir: string): GroundedPrompt {
    const entries = TEMPLATES.map((name) => [name, readFileSync(join(dir, `${name}.md`), 'utf8').trim()] as const);
    return new GroundedPrompt(Object.fromEntries(entries) as Record<TemplateName, string>);
  }

  /** The messages that ask for an answer to `question` from `passages`, numbered [1]..[n] in order. */
  answer(question: string, language: string, passages: Chunk[]): BaseMessage[] {
    const vars = { language: LANGUAGE_NAMES[language] ?? 'English', question: asLine(question), context: passages.map(passage).join('\n\n') };
    return [new SystemMessage(fill(this.templates['answer-system'], vars)), new HumanMessage(fill(this.templates['answer-user'], vars))];
  }

  /** The messages that ask to rewrite a follow-up as a standalone question, given the conversation's last turns. */
  condense(question: string, history: Turn[]): BaseMessage[] {
    const turns = history.slice(-HISTORY_TURNS).map((t) => `${t.role === 'user' ? 'User' : 'Assistant'}: ${asLine(t.text.slice(0, TURN_CHARS))}`);
    const vars = { question: asLine(question), history: turns.join('\n') };
    return [new SystemMessage(fill(this.templates['condense-system'], vars)), new HumanMessage(fill(this.templates['condense-user'], vars))];
  }
}

function passage(c: Chunk, i: number): string {
  const heading = [c.title, ...c.headings].map(asData).join(' > ');
  // Sentences addressed to a model are cut: the passage is data, and a planted instruction must not reach the model.
  return `[${i + 1}] ${heading}${c.updated ? ` (updated ${asData(c.updated)})` : ''}\n${asData(withoutPlantedInstructions(c.text))}`;
}

/** Replaces `{{name}}` in one pass, so a value containing `{{...}}` is never expanded again. */
function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`prompt variable {{${name}}} has no value`);
    return v;
  });
}
