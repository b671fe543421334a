/**
 * Common English given-name variants, each mapped to one canonical form, so "Bob Smith" and
 * "Robert Smith" compare equal. Facts about names, collected for this list; extend freely.
 */
const GROUPS: Record<string, string[]> = {
  robert: ['bob', 'bobby', 'rob', 'robbie', 'bert'],
  william: ['bill', 'billy', 'will', 'willie', 'liam'],
  elizabeth: ['liz', 'lizzie', 'beth', 'betty', 'eliza', 'betsy', 'libby'],
  richard: ['rick', 'ricky', 'dick', 'rich', 'richie'],
  james: ['jim', 'jimmy', 'jamie'],
  john: ['jack', 'johnny', 'jon'],
  michael: ['mike', 'mikey', 'mick'],
  margaret: ['maggie', 'meg', 'peggy', 'marge', 'greta'],
  katherine: ['kate', 'katie', 'kathy', 'kat', 'catherine', 'kathryn', 'cathy'],
  thomas: ['tom', 'tommy'],
  joseph: ['joe', 'joey'],
  charles: ['charlie', 'chuck', 'chas'],
  christopher: ['chris', 'kit'],
  daniel: ['dan', 'danny'],
  david: ['dave', 'davey'],
  edward: ['ed', 'eddie', 'ted', 'ned'],
  anthony: ['tony'],
  andrew: ['andy', 'drew'],
  steven: ['steve', 'stephen'],
  matthew: ['matt'],
  nicholas: ['nick', 'nicky'],
  benjamin: ['ben', 'benny'],
  samuel: ['sam', 'sammy'],
  alexander: ['alex', 'sandy'],
  jonathan: ['jonny'],
  timothy: ['tim', 'timmy'],
  patrick: ['pat', 'paddy'],
  patricia: ['patty', 'trish', 'tricia'],
  jennifer: ['jen', 'jenny'],
  susan: ['sue', 'susie', 'suzanne'],
  deborah: ['deb', 'debbie'],
  rebecca: ['becky', 'becca'],
  victoria: ['vicky', 'tori'],
  jacqueline: ['jackie'],
  theodore: ['theo', 'teddy'],
  gregory: ['greg'],
  kenneth: ['ken', 'kenny'],
  ronald: ['ron', 'ronnie'],
  donald: ['don', 'donnie'],
  lawrence: ['larry'],
  raymond: ['ray'],
  gerald: ['gerry', 'jerry'],
  harold: ['harry', 'hal'],
  henry: ['hank'],
  frederick: ['fred', 'freddie'],
  francis: ['frank', 'frankie'],
  albert: ['al', 'bertie'],
  peter: ['pete'],
  philip: ['phil'],
  douglas: ['doug'],
  jeffrey: ['jeff', 'geoffrey'],
  leonard: ['leo', 'len', 'lenny'],
  abigail: ['abby', 'gail'],
  barbara: ['barb', 'babs'],
  dorothy: ['dot', 'dottie'],
  eleanor: ['ellie', 'nell', 'nora'],
  josephine: ['jo', 'josie'],
  kimberly: ['kim'],
  pamela: ['pam'],
  samantha: ['sammie'],
  alexandra: ['lexi', 'sasha'],
  harriet: ['hattie', 'hatty'],
  christine: ['chrissy', 'christina', 'tina'],
  judith: ['judy'],
  virginia: ['ginny'],
};

const CANONICAL = new Map<string, string>();
for (const [canonical, variants] of Object.entries(GROUPS)) {
  CANONICAL.set(canonical, canonical);
  for (const variant of variants) if (!CANONICAL.has(variant)) CANONICAL.set(variant, canonical);
}

/** The canonical given name for a token, or the token itself. */
export function canonicalGivenName(token: string): string {
  return CANONICAL.get(token) ?? token;
}

/**
 * Given names a clerk would want compared although they are not simply one name's nicknames:
 * spelling variants (Jonathon, Jonathan), longer and shorter forms that people use for one
 * another (John, Jonathan, Jon). Each family is named by its first entry; a nickname belongs to
 * the family of its canonical name ("Jonny" → jonathan → john). Looser than the nickname table,
 * so a family match counts only when the family names agree too (see ConflictIndexRepository).
 * Facts about names, collected for this list; extend freely.
 */
const FAMILIES: string[][] = [
  ['john', 'jonathan', 'jonathon', 'johnathan', 'johnathon', 'jonathen', 'johnnie', 'jonnie'],
  ['catherine', 'katherine', 'katharine', 'catharine', 'kathryn', 'cathryn', 'katheryn', 'kathrine'],
  ['steven', 'stephen', 'stevan', 'stephan'],
  ['sarah', 'sara'],
  ['brian', 'bryan', 'brien'],
  ['alan', 'allan', 'allen', 'alun'],
  ['philip', 'phillip', 'philipp'],
  ['michael', 'micheal', 'mikael'],
  ['matthew', 'mathew'],
  ['nicholas', 'nicolas', 'nickolas', 'nikolas', 'niklas'],
  ['isabel', 'isabelle', 'isobel', 'isabella', 'izzy'],
  ['ann', 'anne', 'annie', 'anna', 'ana'],
  ['mark', 'marc'],
  ['eric', 'erik', 'erick'],
  ['carl', 'karl'],
  ['frederick', 'frederic', 'fredrick', 'frederik'],
  ['theodore', 'theodor'],
  ['elizabeth', 'elisabeth'],
  ['rebecca', 'rebekah', 'rebeca'],
  ['deborah', 'debra', 'debora'],
  ['jeffrey', 'jeffery', 'geoff'],
  ['dennis', 'denis'],
  ['lewis', 'louis'],
  ['sean', 'shaun', 'shawn'],
  ['zachary', 'zachery', 'zackary', 'zach', 'zack'],
  ['jacob', 'jakob', 'jake'],
  ['aaron', 'aron'],
  ['christopher', 'kristopher', 'cristopher'],
  ['christine', 'kristine', 'kristina', 'cristina'],
  ['tracy', 'tracey'],
  ['lindsay', 'lindsey'],
  ['megan', 'meghan', 'meagan'],
  ['caitlin', 'kaitlyn', 'katelyn', 'caitlyn', 'kaitlin'],
  ['teresa', 'theresa', 'tessa', 'tess'],
  ['vivian', 'vivien', 'vivienne'],
  ['marian', 'marion'],
  ['ian', 'iain'],
  ['neil', 'neal', 'niall'],
  ['mohammed', 'muhammad', 'mohammad', 'mohamed', 'muhammed', 'mohamad'],
  ['ahmed', 'ahmad'],
  ['yusuf', 'yousef', 'youssef', 'yusef'],
  ['sergei', 'sergey'],
  ['dmitri', 'dmitry'],
  ['sophia', 'sofia', 'sophie'],
  ['zoe', 'zoey'],
  ['geraldine', 'geri'],
  ['jeremy', 'jeremie'],
];

const FAMILY = new Map<string, string>();
for (const [family, ...members] of FAMILIES) {
  for (const member of [family as string, ...members])
    FAMILY.set(canonicalGivenName(member), family as string);
}

/** The variant family of a given name: the family's name, or the canonical name when it has none. */
export function givenNameFamily(token: string): string {
  const canonical = canonicalGivenName(token);
  return FAMILY.get(canonical) ?? canonical;
}
