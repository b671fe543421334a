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
  alexandra: ['lexi'],
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
