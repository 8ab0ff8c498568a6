"""Word lists the sourcing annotators share (data, not code paths).

Speech and reporting verbs are listed by base form with their inflections generated, because the
NLP base leaves spaCy's lemmatizer out (it costs time and the annotators only need these words).
"""

from __future__ import annotations

import re

# Verbs that introduce what somebody said or wrote (direct or indirect speech).
SPEECH_VERBS = """
say tell add declare state report claim insist argue warn note explain write tweet post ask answer reply
respond announce confirm deny acknowledge admit charge accuse allege suggest believe think recall describe
call demand urge predict estimate contend maintain assert emphasize emphasise stress comment observe
remark promise vow pledge threaten testify tell complain concede caution boast brag joke lament protest
proclaim reveal disclose conclude agree disagree counter retort shout scream yell whisper mutter quip
recount repeat reiterate question wonder acknowledge affirm allege announce blast slam criticize criticise
praise dismiss mock hint indicate signal stress underline underscore point mention cite quote inform
notify advise urge plead speak talk continue divulge confide confess assure scold sniff crow blurt stutter
remind muse
""".split()

# Irregular inflections (base -> forms); regular ones are generated.
_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "think": ("thinks", "thought", "thinking"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "deny": ("denies", "denied", "denying"),
    "reply": ("replies", "replied", "replying"),
    "testify": ("testifies", "testified", "testifying"),
    "criticize": ("criticizes", "criticized", "criticizing"),
    "criticise": ("criticises", "criticised", "criticising"),
    "underline": ("underlines", "underlined", "underlining"),
    "plead": ("pleads", "pleaded", "pled", "pleading"),
    "post": ("posts", "posted", "posting"),
    "quip": ("quips", "quipped", "quipping"),
    "admit": ("admits", "admitted", "admitting"),
    "blast": ("blasts", "blasted", "blasting"),
    "slam": ("slams", "slammed", "slamming"),
    "order": ("orders", "ordered", "ordering"),
    "scold": ("scolds", "scolded", "scolding"),
    "sniff": ("sniffs", "sniffed", "sniffing"),
    "crow": ("crows", "crowed", "crowing"),
    "blurt": ("blurts", "blurted", "blurting"),
    "stutter": ("stutters", "stuttered", "stuttering"),
    "question": ("questions", "questioned", "questioning"),
}


def _inflect(base: str) -> set[str]:
    if base in _IRREGULAR:
        return {base, *_IRREGULAR[base]}
    forms = {base}
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {base + "es", base + "ed", base + "ing"}
    elif base.endswith("y") and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
    return forms


SPEECH_FORMS: frozenset[str] = frozenset(f for b in SPEECH_VERBS for f in _inflect(b))
# Verbs that take a that-clause but are weaker evidence of speech (thought, belief).
WEAK_SPEECH = frozenset(_inflect("believe") | _inflect("think") | _inflect("suggest") | _inflect("hint") | _inflect("wonder"))

# Words that make a quoted phrase a name or a label rather than words spoken.
LABEL_CUES = frozenset("called calling call calls dubbed dubbing termed terming labeled labelled labeling branded so-called".split())

# Person roles: nouns that name a function (used for roles and to type entities as people).
ROLE_NOUNS = frozenset(
    """
ambassador envoy spokesman spokeswoman spokesperson minister president vice-president secretary senator
representative congressman congresswoman governor mayor chairman chairwoman chair director chief
commander general admiral colonel captain officer official adviser advisor aide diplomat premier
chancellor king queen prince princess sheikh emir leader head founder ceo executive manager editor
correspondent reporter analyst professor researcher scientist expert economist lawyer attorney judge
justice prosecutor candidate nominee lawmaker legislator deputy delegate counsel strategist activist
campaigner organizer spokesmen pope bishop cleric imam rabbi priest doctor nurse coach owner president-elect
sheriff detective constable inspector superintendent commissioner chief sergeant corporal marshal
""".split()
)

# Titles written before a name ("Sen. Ted Cruz", "Sheikh Mohammed"): never part of a canonical name.
TITLES = frozenset(
    """
mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. gen gen. lt lt. col col. sgt sgt. capt capt. prof prof.
sheikh sheik president senator governor general ambassador secretary minister king queen prince princess
pope sir dame lord lady judge justice mayor chancellor premier emir rev rev. father
""".split()
)

SUBJECT_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "they": "p", "it": "n", "we": "p", "i": "1"}

ORG_WORDS = frozenset(
    """
militia group front brigade brigades army party council department ministry agency committee commission
organization organisation observatory institute foundation association union forces force movement network
company corporation corp inc ltd bank court office administration government regime service services
university college school center centre times post news journal press agency fund alliance coalition
""".split()
)

# Attribution (annotate/sourcing/attribution.py): nouns that name a group of people speaking
# together ("officials said"): a group is never one of the people named inside it.
GROUP_NOUNS = frozenset(
    """
officials authorities police experts sources people residents critics analysts staff lawyers members supporters
researchers observers forecasters protesters voters witnesses investigators prosecutors officers students parents
families scientists doctors economists advocates organizers organisers activists leaders representatives
spokespeople insiders executives employees workers users fans players teammates colleagues friends neighbours
neighbors relatives victims survivors officers firefighters paramedics teachers nurses farmers owners investors
lawmakers legislators ministers diplomats negotiators agents troops soldiers militants rebels opponents proponents
scholars academics historians commentators pundits pollsters strategists traders bankers regulators inspectors
office staffers aides crew team couple family
""".split()
)
# Heads of anonymous attribution: "a source said", "people familiar with", "an official said".
VAGUE_HEADS = frozenset("source sources insider insiders official officials people person someone spokesperson spokesman spokeswoman".split())
# Kinship nouns: a person introduced as "X's father, Joseph" is "his father" later.
KIN_NOUNS = frozenset(
    """
father mother son daughter brother sister wife husband widow widower uncle aunt nephew niece cousin grandson
granddaughter grandfather grandmother parent partner fiancé fiancée fiance fiancee boyfriend girlfriend stepfather
stepmother
""".split()
)
# Other nouns for one person ("the 26-year-old winger", "the victim"): definite descriptions of a person.
PERSON_NOUNS = frozenset(
    """
man woman boy girl player forward defenceman defenseman goalie goaltender winger centre center pitcher quarterback
striker midfielder coach victim witness resident student teacher driver worker owner founder co-founder actor
actress singer rapper writer author artist musician veteran survivor suspect accused defendant plaintiff
complainant applicant host contestant athlete skier golfer rookie captain premier mp mla mpp councillor
councilor
""".split()
)
# Common nouns of organisations ("the company said"): resolved to the nearest organisation.
ORG_NOUNS = frozenset(
    """
company agency department ministry group union utility firm organization organisation city government police
board commission council committee office service party team club league association bank court hospital
university school network station broadcaster carrier airline retailer insurer manufacturer automaker developer
regulator province state country institute foundation charity coalition alliance campaign band studio
publisher newspaper paper website crown prosecution force military army navy
""".split()
)
# News agencies and outlets: they report what others say; not the speaker of what they report.
NEWS_AGENCIES = frozenset(
    """
reuters|associated press|ap|afp|agence france-presse|canadian press|cp|bloomberg|cnn|bbc|cbc|cbc news|ctv|
ctv news|global news|the globe|globe|the globe and mail|globe and mail|toronto star|the star|national post|
postmedia|huffpost|huffington post|new york times|the new york times|washington post|the washington post|nbc|
abc|cbs|fox news|al jazeera|tass|xinhua|interfax|dpa|ansa|efe|kyodo|yonhap|press trust of india|pti
""".replace("\n", "").split("|")
)

GOVERNMENT_WORDS = frozenset("government regime administration campaign family cabinet team".split())

DOCUMENT_WORDS = frozenset(
    """
act law directive order resolution report statement letter memo memorandum document bill decree treaty
agreement communique communiqué declaration constitution manifesto transcript email e-mail tweet post
""".split()
)

# Vague and anonymous sourcing (regular expressions over the text, case-insensitive).
VAGUE_SOURCE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "unconfirmed-reports",
        r"\b(?:unconfirmed|unverified|uncorroborated|unsubstantiated|local|media|press|some|other|early|initial|"
        r"several|multiple|numerous|many)\s+(?:news\s+|media\s+|press\s+)?reports?"
        r"(?:\s+(?:from|in|out\s+of)\s+(?:the\s+)?[\w’'-]+(?:\s+of\s+[A-Z][\w-]+)?)?",
    ),
    ("reports-say", r"\breports\s+(?:say|said|suggest(?:ed)?|indicate[sd]?|claim(?:ed)?)\b"),
    (
        "sources-said",
        r"\b(?:(?:anonymous|unnamed|unidentified|informed|senior|diplomatic|military|intelligence|security|"
        r"government|official|local|knowledgeable|several|two|three|some)\s+)?sources?"
        r"(?:\s+(?:close\s+to|familiar\s+with|in|within|at)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?"
        r"\s+(?:said|say|says|told|tell|claim(?:ed)?|confirmed|indicated|suggested|reported)\b",
    ),
    (
        "anonymity",
        r"\b(?:[\w-]+\s+){0,3}(?:officials?|sources?|people|persons?|diplomats?|aides?|employees?|members?)\s+"
        r"(?:who|that)\s+(?:spoke|talked|asked\s+not\s+to\s+be\s+(?:named|identified)|requested\s+anonymity|declined\s+to\s+be\s+(?:named|identified))"
        r"(?:\s+on\s+(?:the\s+)?condition\s+of\s+anonymity)?",
    ),
    ("condition-of-anonymity", r"\bon\s+(?:the\s+)?condition\s+of\s+anonymity\b"),
    ("reportedly", r"\b(?:reportedly|allegedly|purportedly|supposedly|rumou?red(?:ly)?)\b"),
    ("it-is-said", r"\bit\s+(?:is|was|has\s+been)\s+(?:reported|said|claimed|alleged|believed|rumou?red|understood)\b"),
    (
        "according-to-vague",
        r"\baccording\s+to\s+(?:some|several|many|unnamed|anonymous|local|unconfirmed|media|press|"
        r"news|people|sources|reports|officials|witnesses|activists|residents|observers|experts|insiders)\b"
        r"(?:\s+[\w-]+){0,3}",
    ),
    ("critics-say", r"\b(?:critics|experts|observers|analysts|insiders|some|many|others)\s+(?:say|said|claim|argue|believe)\b"),
)
VAGUE_RE = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in VAGUE_SOURCE_PATTERNS)

# "a report issued by X", "a study by X", "X's report", "data from X".
REPORT_NOUNS = r"(?:report|study|survey|poll|count|tally|analysis|data|figures|statistics|estimate|investigation|review|audit|assessment|statement|press\s+release|documents?)"
REPORT_BY_RE = re.compile(
    rf"\b(?:a|an|the|its|their|new|latest|recent|annual|\s)*{REPORT_NOUNS}\s+(?:issued|released|published|compiled|prepared|conducted|produced|by|from|of)\s+(?:by\s+)?",
    re.IGNORECASE,
)

# Common given names whose bearers are usually of one gender (English and French usage; names
# used for both -- Alex, Chris, Jordan, Morgan, Kim, Jean, Robin, Sam, Taylor ... -- are left
# out). Only a vote in the attribution layer's gender evidence: a title, a kinship word or the
# pronouns the article uses for the person outweigh it.
FEMALE_NAMES = frozenset(
 """
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra ashley
kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen
amy shirley angela helen anna brenda pamela nicole emma samantha katherine catherine christine debra rachel carolyn
janet virginia maria heather diane julie joyce victoria kelly christina lauren joan evelyn olivia judith megan
cheryl martha andrea frances hannah jacqueline ann gloria teresa kathryn sara janice julia grace judy
theresa madison beverly denise marilyn amber danielle rose brittany diana abigail natalie jane lori alexis tiffany
kayla alice isabella sophia charlotte mia ava amelia harper chloe ella zoe lily nora claire caroline valerie
wendy sylvie nathalie isabelle genevieve geneviève chantal josee josée manon marie-claude sophie julie-anne
elaine eileen colleen maureen monica veronica vanessa vera irene jill joanne leah naomi ruth esther miriam yvonne
yvette suzanne louise lucy margo melanie meghan molly nina paula penny priya rita rosa sally sheila sonia stacy
tanya tina ursula wanda whitney yasmin zainab fatima aisha catherine heidi kristen kristin
kirsten krista kathy katie kate katrina christie christy cathy carla carmen cindy connie courtney crystal
 darlene dawn delia diane doris eleanor ellen erica erin eva faith felicia gail georgia gina gwen holly
hillary hilary ingrid iris jacqueline janine jasmine jenna jenny joanna jocelyn josephine joy justine
karin karina katharine kathleen laurie lindsay lindsey liz lorraine mallory marcia margot marian
marianne marina marjorie marlene maxine meredith michaela mildred miranda nadia nancy natasha nicola noreen
olga pauline peggy phyllis rachael renee renée roberta rosemary roxanne sabrina sandra serena shannon shauna
sherry sonya stella sue susanne sylvia tamara tara teresa terri tess theresa valerie vicki vickie violet
vivian wendy yolanda
""".split()
)
MALE_NAMES = frozenset(
 """
james robert john michael david william richard joseph thomas charles christopher daniel matthew anthony mark
donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank alexander raymond patrick
jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
christian keith roger gerald harold sean austin carl arthur lawrence dylan jesse bryan joe billy
bruce albert willie gabriel logan ralph roy eugene russell bobby mason philip louis liam lucas oliver elijah
luke owen connor hunter wayne vincent howard fred ernest martin craig stanley shawn travis bradley chad
derek dustin edwin glen glenn gordon grant greg gregg harvey herbert ian ivan jacques jean-pierre jean-francois
jean-françois francois françois pierre michel denis marc luc andre andré rene rené guy yves sylvain
mathieu mathias justin stephane stéphane sebastien sébastien olivier nicolas benoit benoît maxime alain gilles
jared jay jeff jim jimmy joel jon jonah josh julian karl keith ken kurt lance leon leonard leo lloyd malcolm
marcus mario marvin maurice max melvin mike mitchell morris neil nick norman omar oscar perry phil rafael randy
reginald rick ricky rob robbie rodney ron ross rudy russ salvatore seth shane simon stuart ted theodore tim tom
tommy tony trevor troy victor vince wade warren wesley will wilson zach bill bob dave dan don doug ed jim
steve chuck hank abdul ahmed ali hassan mohammed muhammad mohamed omar rajesh sanjay vijay amir
bernie boris dmitri vladimir sergei igor
""".split()
)
