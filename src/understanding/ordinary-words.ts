/**
 * Short everyday words of English, Spanish and French (accents folded), and abbreviations people type in lower case.
 * An acronym or country code that is also one of these ("sat", "pip", "ses", "can", "per", "in", "es", "il") is read
 * as a jurisdiction only when written in capitals: "we sat down" is not Mexico's SAT, "le" is not a code. The list
 * is about the languages, not about any question, so it holds for acronyms that knowledge pages add later. The
 * field's plurals belong here too: "aeos" is any AEOs, "AEOS" the EU's security type.
 */
const WORDS = `
a an the and or but nor if of to in on at by for from with into onto as is it its be am are was were been being do
does did done go goes get got has have had can could may might must shall should will would not no yes so than
then that this these those there here what which who whom whose why how when where all any some each every both
few more most much many one two three four five six ten up down out off over per via vs etc ok okay hi hey hello
thanks thank please sat sit set see saw seen say said let lets put run ran use used make made take took give gave
keep new old big small fine free own way day days year years time times man men tin pan pip pit tip top ton
sun sur fin ben ken guy gin gum cub cod cog jam lie mar ago bra pry gab hun mac vat ala are and per nor col com
bel fro lux est irl png asm ses dna dan sin cat ask now she pep her him his hers they them
their we us our you your me my mine he i im ive id ill ai hr pr tv pm cv ms mr mrs dr st sr sra na ph ps qa cc
cd cf dm eh er hm md mp um ie eg km kg cm mm ml mg lb fm ba pt tm gb mb tb ca co pe fr pa
el la lo los las un una uno unos unas de del al en con por para sin sobre entre que qué quien como cual cuando
donde es son ser fue era esta este esto estos estas eso esa ese mi mis tu tus su sus se si sí no ya ni ha han hay
he va ve vi da dio di te le les nos os muy mas más pero o u y e ti yo vos uy
le la les un une des du de au aux et ou où ni ne pas plus moins que qui quoi dont il ils elle elles on nous vous je
tu me te se ce ces cet cette mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs lui eux y en est sont
a as ai va vont fait peut sur sous dans par pour avec chez sans si oui non bon bien tout tous toute lu vu nu su
aeos oeas
`;

export const ORDINARY_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

/**
 * Country codes that in capitals are still mostly abbreviations in business writing (AI, ID, HR, PR, TV...; IT above
 * all, since "IT security" is an AEO criterion): they count as codes only inside a pair around an MRA word
 * ("IT - JP MRA").
 */
export const CAPS_ABBREVIATIONS: ReadonlySet<string> = new Set(['IT', 'AI', 'ID', 'HR', 'PR', 'TV', 'TO', 'AS', 'ME', 'MY', 'SO', 'MS', 'CV', 'NA', 'PS', 'AM', 'PM', 'EG', 'IE', 'QA', 'CC', 'CD', 'DM', 'MD', 'MP', 'FM', 'TM', 'BA']);

/**
 * Codes that are also small function words ("IN", "IS", "AT", "BE", "NO", "BY"): in capitals they are a country
 * only when the question names no other jurisdiction by name ("which IN governs the brazilian OEA?" is Brazil's).
 */
export const FUNCTION_WORD_CODES: ReadonlySet<string> = new Set(['IN', 'IS', 'AT', 'BE', 'NO', 'BY', 'OR', 'AN', 'AS']);
