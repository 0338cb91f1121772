import { foldAccents } from '../answering/text.js';
import { CueMatcher, cueText, matcherFor } from './cues.js';
import type { FacetData } from './intent-classifier.js';
import type { Facet } from './query.js';

/** Which page section answers which facet, and how a sentence stating a facet reads (data/understanding/facets.json). */
export class FacetCatalogue {
  private readonly headings = new Map<Facet, Set<string>>();
  private readonly states = new Map<Facet, CueMatcher>();
  private readonly asks = new Map<Facet, CueMatcher>();
  private readonly perProgramme = new Set<Facet>();
  private readonly needsFigure = new Set<Facet>();
  private readonly valueWhenAsked = new Set<Facet>();
  private readonly needsDate = new Set<Facet>();
  private readonly related = new Map<Facet, Facet[]>();
  private readonly inOrder = new Map<Facet, CueMatcher>();
  private readonly mraHeadings: Set<string>;
  private readonly mraStates: CueMatcher;

  constructor(data: FacetData) {
    this.mraHeadings = new Set((data.mraSection ?? []).map(normHeading));
    this.mraStates = new CueMatcher(data.mraStates ?? []);
    for (const f of data.facets) {
      if (f.perProgramme) this.perProgramme.add(f.id);
      if (f.needsFigure) this.needsFigure.add(f.id);
      if (f.valueWhenAsked) this.valueWhenAsked.add(f.id);
      if (f.needsDate) this.needsDate.add(f.id);
      if (f.related?.length) this.related.set(f.id, f.related);
      if (f.inOrderWhen) this.inOrder.set(f.id, matcherFor(f.inOrderWhen));
      this.headings.set(f.id, new Set(f.headings.map(normHeading)));
      this.states.set(f.id, new CueMatcher(f.states));
      this.asks.set(f.id, new CueMatcher([...Object.values(f.ask).flat(), ...Object.values(f.weakAsk ?? {}).flat()]));
    }
  }

  /** True when one of the headings is a section of the facet. */
  isSectionOf(facet: Facet, headings: string[]): boolean {
    const names = this.headings.get(facet);
    return !!names?.size && headings.some((h) => names.has(normHeading(h)));
  }

  /** True when one of the headings is the page's section on its mutual recognition arrangements. */
  isMraSection(headings: string[]): boolean {
    return headings.some((h) => this.mraHeadings.has(normHeading(h)));
  }

  /** True when a sentence speaks of mutual recognition ("STP-Plus is the tier recognised under the MRAs"). */
  speaksOfMra(text: string): boolean {
    return this.mraStates.test(cueText(text));
  }

  /** The facet a section answers, if its heading is a standard one. */
  sectionFacet(headings: string[]): Facet | undefined {
    for (const [facet, names] of this.headings) if (headings.some((h) => names.has(normHeading(h)))) return facet;
    return undefined;
  }

  /** The facet differs by programme and general pages do not state it: without a jurisdiction, ask which one. */
  isPerProgramme(facet: Facet): boolean {
    return this.perProgramme.has(facet);
  }

  /** A sentence states the facet only with a figure in it (the number of AEOs). */
  wantsFigure(facet: Facet): boolean {
    return this.needsFigure.has(facet);
  }

  /** A sentence states the facet only with a date in it (when a programme started). */
  wantsDate(facet: Facet): boolean {
    return this.needsDate.has(facet);
  }

  /** Asked "how long" or "when", the facet is answered only by a sentence giving a period or a date. */
  wantsValueWhenAsked(facet: Facet): boolean {
    return this.valueWhenAsked.has(facet);
  }

  /** "steps to join?": the facet's section is a procedure, answered from its start in order. */
  asksInOrder(facet: Facet, question: string): boolean {
    return !!this.inOrder.get(facet)?.test(cueText(question));
  }

  /** Facets that answer the question when the page does not state this one (who may apply -> the criteria). */
  relatedTo(facet: Facet): Facet[] {
    return this.related.get(facet) ?? [];
  }

  /** The question's words besides those asking for the facet ("que debo hacer para ser OEA" -> "para ser OEA"). */
  withoutAsk(facet: Facet, text: string): string {
    return this.asks.get(facet)?.strip(cueText(text)) ?? cueText(text);
  }

  statesMatcher(facet: Facet): CueMatcher | undefined {
    return this.states.get(facet);
  }

  get facets(): Facet[] {
    return [...this.headings.keys()];
  }
}

function normHeading(s: string): string {
  return foldAccents(s.toLowerCase()).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
