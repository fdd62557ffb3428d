"""Advice aimed at one reader's own situation, whatever the treatment.

The treatment-change rule (advice.py) needs a named medicine. Replies to comments and DMs give
individual advice in many other shapes: a dose for a child of a given age or weight, stopping a
course early, a diet or activity order for someone's condition, going over a label's dose, or a
verdict on a photo or a described symptom. What they share is the pair this module looks for:

1. the reader's own situation is stated as fact: a child's age or weight, a test result with its
   value, "since / with / given your <condition>", a relative's symptom, what the reader
   described, posted or showed, a reply or a greeting to one person, or a label being overridden;
2. in the same sentence or the next, a directive or a verdict: an imperative health verb, a
   "you / he / she should …" modal, a dose, or a reassurance ("looks harmless", "no need to
   come in", "it's just eczema").

General education ("Take antibiotics exactly as prescribed", "If you have food allergies, read
every label") states no one's situation, and "ask your doctor" sentences stay clean unless they
also wave the reader off care.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc
from ..findings import Finding, make_finding
from ..gazetteers import AMBIGUOUS_FIRST_NAMES, FIRST_NAMES, census_first_names, medicines

_RELATIVE = (r"son|daughter|child|kid|baby|toddler|teen|teenager|infant|newborn|husband|wife|partner|mom|mother|dad"
             r"|father|grandson|granddaughter|grandmother|grandfather|grandma|grandpa|boy|girl|sister|brother|roommate|friend"
             r"|coworker|neighbou?r|spouse|fianc[ée]e?|boyfriend|girlfriend|twins|kids|children|grandkids")
_NUMBER_WORD = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# Words that make "for your …" a condition rather than a purpose ("for your safety").
_CONDITION = (r"pain|ache|aches|infection|flare|symptoms?|cough|fever|rash|asthma|allerg\w*|migraine|headaches?|diabetes"
              r"|pressure|cholesterol|arthritis|anxiety|depression|ibs|constipation|diarrh\w+|apnea|fasciitis|sinus\w*"
              r"|gout|acne|eczema|insomnia|mood|cramps|injury|sprain|knee|back|ankle|wound|cut|burn|bite|condition"
              r"|diagnosis|surgery|replacement|reflux|heartburn|nausea|dizziness|\w+itis|\w+osis|\w+emia|\w+pathy"
              r"|\w+algia|adhd|copd|uti|covid|flu|cold|strep|pregnancy|numbers|levels?|results?|labs?")
_BODY_PART = (r"ankle|knee|back|wrist|hip|shoulder|elbow|toe|finger|thumb|eye|ear|throat|chest|stomach|belly|head|foot|feet"
              r"|leg|arm|neck|skin|burn|cut|bite|sting|blister|cyst|boil|wart|splinter|nose|tooth|gum|lesion|ulcer")
# Words that make "for your …" a purpose or a courtesy rather than the reader's condition.
_PURPOSE = (r"safety|convenience|information|reference|records?|protection|comfort|own|family|health|visit|appointment"
            r"|questions?|patience|understanding|time|feedback|support|kind|kindness|review|business|trust|help|interest"
            r"|loved|next|first|annual|child|children|kids|home|body|heart|well-being|wellbeing|privacy|peace|message|note"
            r"|reply|words|service|generosity|cooperation|donation|gift|vote|nomination|team|community|neighbors|care"
            r"|future|benefit|sake|part|input|story|participation|continued|thoughtful|warm|lovely|years|many|doctor"
            r"|clinician|provider|pharmacist|nurse|insurance|plan|portal|account|data|phone|ride|trip")
# (1) The reader's own situation, stated as fact.
# Every alternative starts a word, so the look-behind first rules out positions inside words
# (most of the text) before any alternative is tried.
_SITUATION = re.compile(
    rf"(?i)(?<![\w'’])(?:\byour\s+(?:{_NUMBER_WORD})[- ](?:year|month|week|day)s?[- ]old"            # your 3-year-old
    rf"|\b(?:{_NUMBER_WORD})\s+(?:weeks?|months?|days?)\s+old\b|\bat\s+(?:{_NUMBER_WORD})\s+(?:weeks?|months?|days?)\b"
    rf"|\b(?:tell|ask|remind|get)\s+your\s+(?:{_RELATIVE})\b|\byour\s+description\b|\bweigh(?:s|ing)\s+(?:about\s+|around\s+|only\s+)?\d"
    rf"|\byou(?:'re|’re|\s+are)\s+\d{{1,3}}\b|\bat\s+your\s+age\b|\byou\s+personally\b"
    # your son's asthma (but "your child's doctor" is where the reader is sent, not the child's condition)
    rf"|\byour\s+(?:{_RELATIVE})(?:['’]s\b(?!\s+(?:own\s+)?(?:doctor|pediatrician|clinician|provider|care\s+team|nurse|dentist"
    rf"|school|teacher))|\s+(?:is|has|can|should|needs?|weighs|was)\b)"
    rf"|\b(?:your|my)\s+(?:[\w-]+\s+){{0,3}}?(?:of|is|was|are|were|weighs?|came\s+back(?:\s+at)?|went\s+(?:up|down)\s+to|at"
    rf"|reads?|showed|shows|hit|measured|registered|dropped\s+to|spiked\s+to)"
    rf"\s+(?:about\s+|around\s+|only\s+|over\s+)?\d"                                    # your TSH of 0.2, my potassium was 3.2
    rf"|\byour\s+(?:{_RELATIVE})\s+(?:just\s+)?(?:\w+ed|ate|took|got|fell|drank|bit|broke|swallowed|with)\b"  # your toddler swallowed …
    rf"|\bnow\s+that\s+(?:you|he|she|they|your)\b|(?:for|to|with)\s+@\w+"
    rf"|\byour\s+(?:[\w-]+\s+){{0,3}}?(?:tests?|results?|labs?|numbers|levels?|scan|x-?ray|biopsy|bloodwork|readings?"
    rf"|mri|ct|ultrasound|ekg|ecg|echo|mammogram|swab|culture|panel|screen|screening|workup|pap|colonoscopy|count)"
    rf"\s+(?:was|were|is|are|came\s+back|sound|sounds|look|looks|went|shows?|showed|says|said|found)\b"
    rf"|^\W*your\s+(?:[\w'’-]+\s+){{0,4}}?(?:is|are|was|looks?|sounds?|seems?)\s+(?:just|probably|likely|only|nothing|fine|normal|like)\b"
    rf"|\byour\s+(?:[\w'’-]+\s+){{0,2}}?(?:is|are|was|were|has|have)\s+(?:been\s+)?(?:gone|better|worse|improving|cleared"
    rf"|clearing|fine|normal|borderline|high|low|positive|negative|elevated|back|down|up|lingering|draining|swollen|mild"
    rf"|minor|viral|bacterial|nothing|huge|red|itchy|faded|healed|resolved|improved|improving|shrunk|bad|severe|so\s+bad|still\s+bad)\b"
    rf"|\b(?:since|with|given|because(?:\s+of)?|based\s+on|reading|looking\s+at|going\s+by|judging\s+by|regarding)\s+(?:what\s+)?(?:your|you)\b"
    rf"(?!\s+(?:(?:own|regular|usual|family|primary|primary\s+care|health\s*care|healthcare|medical)\s+)?(?:doctor|clinician|provider|pharmacist|care\s+team|nurse|surgeon|insurance|prescriber|pediatrician|dentist|specialist|therapist|counsel\w*|ob|obgyn|ob-gyn|midwife|gp|team|practitioner))"
    rf"|\bfor\s+(?:your|that|this)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_CONDITION})\b"
    rf"|\bfor\s+your\s+(?!(?:{_PURPOSE})\b)[a-z][\w'’-]*"                                  # for your hives
    rf"|\b(?:that|this)\s+(?:[\w-]+\s+)?(?:pain|rash|mole|swelling|bump|lump|cough|fever|spot|bruise|wound|{_BODY_PART})\b"
    rf"|\byou(?:'ve)?\s+(?:describe|described|mention|mentioned|wrote|posted|sent|shared|had|listed|showed|show|pasted"
    rf"|uploaded|attached|linked|texted|messaged|emailed|e-mailed|tagged|included|forwarded|dm['’]d|dmed)\b"
    # the reader's case and present state: "in your case", "while you're bruising", "while your tooth is this bad"
    # the reader's condition and how it will go: "your swimmer's ear will clear", "how low your white count is",
    # "that perforated eardrum of yours"
    rf"|\byour\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_CONDITION}|{_BODY_PART}|ear|ears|eye|eyes|tooth|teeth|count|sugars?)\s+(?:will|should|won['’]t)\b"
    rf"|\bhow\s+(?:low|high|bad|elevated|swollen|red|fast|slow)\s+your\b|\bof\s+yours\b"
    rf"|\bin\s+your\s+(?:case|situation|shoes)\b|\b(?:while|since|now\s+that|as\s+long\s+as)\s+you(?:['’]re|\s+are)\s+(?:still\s+)?(?:bruising|bleeding|coughing"
    rf"|vomiting|throwing\s+up|wheezing|spotting|cramping|itching|hurting|aching|swelling|flaring|limping|healing|recovering)\b"
    rf"|\b(?:while|since|now\s+that)\s+your\s+(?:[\w'’-]+\s+){{0,2}}?(?:is|are|keeps?)\b"
    # on a treatment: "the dizziness on your new blood pressure pill"
    rf"|\bon\s+your\s+(?:[\w-]+\s+){{0,3}}?(?:pills?|meds?|medications?|medicines?|prescription|dose|inhaler|insulin|antibiotics?"
    rf"|treatment|regimen)\b"
    # the label says one thing, the reply another
    rf"|\bthe\s+(?:label|box|bottle|package|insert|instructions|directions)\s+(?:says?|said|reads?)\b[^.;]*\bbut\b"
    rf"|\bmy\s+(?:{_NUMBER_WORD})[- ](?:year|month|week|day)s?[- ]old|\bmy\s+(?:{_RELATIVE}|{_BODY_PART})s?\s+(?:is|are|was|has|have|keeps?)\b"
    rf"|\bi(?:'m|’m|\s+am)\s+(?:\d+\s+weeks\s+pregnant|on\s+\w+|taking\b)|\bi\s+(?:have|had|take|got)\s+(?:a|an|this|these|my)\b"
    rf"|(?<!people\s)(?<!patients\s)(?<!parents\s)(?<!readers\s)(?<!often\s)(?<!many\s)(?<!some\s)\b(?:asks|asked|wonders|wondered|wrote\s+in|writes)\s+(?:us\s+)?(?:whether|if|about|how|what)\b"
    rf"|@\w+\s*[:,]"
    rf"|\b(?:have|let|make|get|tell|start|put|switch)\s+your\s+(?:{_RELATIVE})\b"                  # have your husband stop …
    rf"|\b(?:in|from|per)\s+your\s+(?:message|dm|comment|post|email|photo|picture|video|story|reply)\b"
    rf"|\b(?:in|from|on)\s+(?:the|your|that|this)\s+(?:photo|picture|pic|video|image|selfie|x-?ray)s?\b"
    rf"|\b(?:like|as\s+\w+\s+as)\s+yours\b"
    rf"|\b(?:even\s+though|although|despite|regardless\s+of)\s+(?:what\s+)?the\s+(?:label|bottle|box|package|insert)"
    rf"|\bthe\s+(?:label|bottle|box)\s+is\s+(?:overly|too)\b)")
# Situations whose first words are common ("the", "with a", "she's"): each runs only on a sentence that
# holds one of its rarer words, so most sentences never try them.
_GATED_SITUATIONS = (
    (("she", "he's", "he’s", "he is", "baby"), re.compile(
    rf"(?i)\b(?:she|he|baby|the\s+baby)(?:['’]s|\s+is)\s+(?:about\s+|around\s+|only\s+|now\s+|just\s+)?(?:\d{{1,2}}|{_NUMBER_WORD})\b(?!\s*(?:%|percent|degrees))")),
    (("pound", "lb", "kg", "kilo"), re.compile(
    rf"(?i)\b(?:(?:she|he|baby|(?:your|my|the)\s+(?:[\w-]+\s+)?(?:{_RELATIVE}))(?:['’]s|\s+is|\s+was|\s+weighs)(?:\s+\w+){{0,3}}?|at)\s+"
    rf"(?:about\s+|around\s+|only\s+|now\s+)?\d+(?:\.\d+)?\s*(?:pounds|lbs?|kg|kilos?)\b")),
    (("level", "reading", "count", "score", "result", "a1c", "pressure", "sugar", "ldl", "tsh", "psa"), re.compile(
    rf"(?i)\b(?:with|has|had|at)\s+an?\s+(?:[\w-]+\s+){{0,3}}?(?:level|reading|count|score|result|a1c|pressure|sugar|ldl|tsh|psa)\s+(?:of|at)\s+\d")),
    (("yours",), re.compile(
    rf"(?i)\b(?:over|above|under|below)\s+\d+\s+like\s+yours\b")),
    (("diagnosis", "condition", "result", "numbers", "level", "injury", "concussion", "surgery", "procedure"), re.compile(
    rf"(?i)\byour\s+(?:[\w-]+\s+){{0,3}}?(?:diagnosis|condition|results?|numbers|levels?|injury|concussion|surgery|procedure)\s+(?:means|was|is)\b")),
    (("photo", "picture", "pic", "video", "image", "selfie", "ray", "scan", "post", "message"), re.compile(
    rf"(?i)\b(?:in|on)\s+your\s+(?:[\w-]+\s+)?(?:photo|picture|pic|video|image|selfie|x-?ray|scan|post|message)s?\b")),
    (("better", "worse", "fine", "healed", "smaller", "bigger"), re.compile(
    rf"(?i)\b(?:the|your|that|this)\s+(?:[\w-]+\s+)?(?:nail|toenail|fingernail|scalp|lip|mouth|tongue|gums?|heel|jaw|rash|spot|mole|cut"
    rf"|wound|bump|lump|{_BODY_PART})\s+(?:looks?|seems?|is|feels?)\s+(?:a\s+lot\s+|much\s+)?(?:better|worse|fine|healed|smaller|bigger)\b")),
    (("'s", "’s"), re.compile(  # taking someone else's medicine: "one of your roommate's Xanax"
    rf"(?i)\b(?:your|his|her)\s+(?:{_RELATIVE})['’]s\s+(?:old\s+|leftover\s+|extra\s+)?\w+")),
)
# A reply, a DM or a greeting addressed to one person.
_ONLINE_PERSON = (r"commenters?|readers?|posters?|followers?|viewers?|listeners?|askers?|users?|mom|mother|dad|father|parent"
                  r"|person|guy|gal|lady|woman|man|runner|lifter|athlete|student|teen|caregiver|grandma|grandpa|nurse|patient"
                  r"|friend|folks?|one|couple|family|member|customer|reviewer|gentleman|gal|caller|sender|writer|runner")
_ADDRESSED = re.compile(
    # one person picked out by what they wrote: "To the commenter with numb toes:", "Re the runner with shin pain:",
    # "The mom who asked about …:", "The reader with the itchy-scalp photo:"
    rf"(?i)^\W*(?:to|re:?|for|regarding|@|replying\s+to|reply\s+to|answering|responding\s+to)\s+(?:the|that|this)\s+(?:[\w-]+\s+){{0,2}}?(?:{_ONLINE_PERSON})\s+(?:with|who|whose|in|from|asking|that)\b"
    r"|^\W*to\s+(?:whoever|the\s+one\s+who|the\s+person\s+who|anyone\s+who\s+(?:asked|wrote|messaged|sent|left))\b"
    r"|\b(?:someone|somebody|a\s+(?:reader|follower|commenter|mom|dad))\s+in\s+(?:our|the|my)\s+(?:dms|dm|inbox|comments|messages|mentions)\b"
    r"|^\W*(?:the|that|this)\s+(?:[\w-]+\s+){0,2}?(?:commenters?|readers?|posters?|followers?|viewers?|listeners?|askers?|reviewer)\s+(?:with|who|whose|from|asking|that)\b"
    r"|^\W*(?:the|that|this)\s+(?:[\w-]+\s+){0,2}?\w+\s+who\s+(?:asked|wrote|messaged|posted|commented|emailed|e-mailed|dm['’]d|dmed|replied|tagged)\b"
    r"|^\W*re\s+your\b"
    r"|(?:^|\s)@\w+\s*[:,]|^\W*(?:(?:dm\s+)?reply(?:\s+to\s+[^:]{1,40})?:|re:|@\w+|(?:hi|hey|hello|dear)\s+(?!everyone|all\b|folks|friends|there|team)[A-Z@])")
# Mid-sentence, "… for the reader whose son …": tried only when the sentence says "with" or "whose".
_ADDRESSED_BY_DESCRIPTION = re.compile(
    rf"(?i)\b(?:to|for)\s+(?:the|that|this)\s+(?:[\w-]+\s+){{0,2}}?(?:{_ONLINE_PERSON})\s+(?:with|whose)\b")
_FAMILY_AS_NAME = re.compile(
    r"(?:^|[.!?;:—–]\s*|\b(?:and|but|so)\s+)(?:Grandpa|Grandma|Granny|Gramps|Grandad|Granddad|Nana|Papa|Pops|Mom|Mum|Dad|Hubby"
    r"|Wifey|Mama|Auntie|Sis|Bro)(?:['’]s\b|\s+(?:should|needs|can|could|has|is|was|will|just|keeps|started|took|takes)\b)")
_LEADING_VOCATIVE = re.compile(r"^\W*(?P<name>[A-Z][a-z]+),\s")
_MIDDLE_VOCATIVE = re.compile(r",\s+(?P<name>[A-Z][a-z]+),\s")  # "If your cough is gone by Thursday, Deb, you can …"
_TRAILING_VOCATIVE = re.compile(r",\s+(?P<name>[A-Z][a-z]+)(?:[.!?]?\s*$|\s*[—–;:]|\s+-\s)")  # "…, Walt — at 44 …"

_HEALTH_VERB = (r"give|take|use|put|pick\s+up|grab|buy|rice|toss|throw\s+out|do|stick\s+to|follow|stay\s+(?:on|off)|drive"
                r"|return|resume|fly|swim|work|keep\s+(?:your|the)|chew|stop|start|skip|cut|limit|eat|drink|avoid|rest|walk|jog|run|exercise|wear|try|apply"
                r"|taper|double|halve|switch|add|continue|lose|hold|drop|raise|lower|increase|decrease|finish|quit|bump"
                r"|go|have|keep\s+(?:using|taking|giving|him|her|them|it)|sleep|ice|watch\s+(?:him|her|them)|alternate"
                r"|elevate|soak|stretch|fast|inject|spray|rub|dab|crush|mix|chew|swallow|wait|skip|ignore|leave\s+it"
                r"|don['’]t\s+bother|bump|up\s+(?:it|the|your|his|her)|borrow|share|repeat|recheck|retest|redo|finish|double"
                r"|keep\s+\w+ing|go\s+up\s+to|push\s+through|power\s+through|tough\s+it\s+out|wrap\s+up|wrap\s+it\s+up|come\s+off"
                r"|cut\s+back|ease\s+off|sit\s+out|sit\s+this|stay\s+(?:home|out|in\s+bed)|be\s+back|back\s+to|be\s+taking|be\s+using"
                r"|be\s+giving|be\s+on")
# (2) A directive or a verdict.
_DIRECTIVE = re.compile(
    rf"(?i)\b(?:you|he|she|they)\s+(?:personally\s+|really\s+|safely\s+|just\s+|probably\s+|still\s+)?"
    rf"(?:should|need\s+to|needs\s+to|must|have\s+to|has\s+to|can|could|ought\s+to)\s+"
    rf"(?:personally\s+|really\s+|safely\s+|just\s+|also\s+|go\s+ahead\s+and\s+)?(?:{_HEALTH_VERB})\b"
    rf"|\bi(?:'d|’d|\s+would)\s+(?:just\s+)?(?:{_HEALTH_VERB})\b"
    rf"|\b(?:can|can't|can’t|should|shouldn't|shouldn’t|must|needs?\s+to)\s+(?:safely\s+)?(?:have|take|skip|stop|start|go|use"
    rf"|eat|drink|get|drive|return|resume|fly|swim|toss|do)\b|\b(?:just|only)\s+needs?\b|\b(?:tell|ask|remind|get|have)\s+(?:your|him|her)\s+(?:[\w'’-]+\s+)?to\s+(?:{_HEALTH_VERB})\b"
    rf"|\b(?:is|are)\s+(?:the\s+)?(?:right|correct|safe|fine)\s+(?:dose|amount)\b"
    # past the label: "10 drops instead of the 5 on the bottle", "more than the box says"
    rf"|\b(?:instead\s+of|more\s+than|over|beyond|double)\s+(?:the\s+|what\s+)?(?:\d+\s+)?(?:[\w-]+\s+)?(?:on|listed\s+on|printed\s+on"
    rf"|the)\s+(?:the\s+)?(?:bottle|box|label|package|packet)\b|\b(?:you\s+can|go\s+ahead\s+and)\s+(?:cancel|skip|postpone|drop)\b"
    rf"|(?:^\W*|[,;:—–]\s*|\b(?:and|then|so|just|but|instead|next\s+time)\s+)(?:just\s+|please\s+)?(?:{_HEALTH_VERB})\b"
    rf"|\b(?:have|let|make)\s+(?:him|her|them)\s+(?:{_HEALTH_VERB})\b"
    rf"|\bno\s+need\s+(?:to|for)\b|\b(?:don't|doesn't|do\s+not|does\s+not|don’t|doesn’t)\s+(?:need|have)\s+to\b"
    rf"|\b(?:don't|doesn't|don’t|doesn’t)\s+need\s+(?:an?|the|any)\b|\bnothing\s+to\s+worry\s+about\b"
    rf"|\b(?:it's|it’s|it\s+is|that's|that’s|is|are)\s+(?:probably\s+|likely\s+|most\s+likely\s+)?just\b|\bprobably\s+just\b"
    rf"|\blooks?\s+(?:harmless|benign|fine|normal|sprained|infected|like|okay|ok)\b|\bsounds?\s+(?:like|fine|normal)\b"
    rf"|\bno\s+[\w-]+\s+needed\b|\bdon['’]t\s+worry\b|\b(?:it's|it’s|it\s+is)\s+(?:fine|safe|ok|okay)\s+to\b"
    rf"|\bshould\s+be\s+(?:right|fine|safe|ok|okay|enough)\b"
    rf"|\b(?:fine|ok|okay|safe|alright)\s+for\s+(?:you|him|her|them)\s+to\b"
    rf"|\b(?:let['’]s\s+)?(?:have|let|make)\s+(?:you|your\s+[\w'’-]+)\s+(?:{_HEALTH_VERB})\b"
    rf"|\b(?:is|are|it['’]s|that['’]s)\s+(?:classic|definitely|clearly|obviously|almost\s+certainly|textbook|typical|just\s+a)\b"
    rf"|\bdon['’]t\s+bother\b|\bignore\s+the\b|\bdouble\s+the\s+label\b"
    # anyone picked out, then "should": "The commenter with the cough should just finish …", "Dad should hold …"
    rf"|\b(?:should|needs\s+to|must|can)\s+(?:just\s+|safely\s+|also\s+)?(?:{_HEALTH_VERB})\b"
    # verdicts on the reader's case
    rf"|\b(?:is|are|isn['’]t|aren['’]t|is\s+not|are\s+not)\s+(?:really\s+)?(?:not\s+)?(?:worth|needed|necessary|required)\b|\b(?:you|he|she|they)\s+(?:don['’]t|do\s+not|doesn['’]t"
    rf"|does\s+not|won['’]t)\s+need\s+(?:an?\s+|the\s+|any\s+)?(?!to\b)\w+"
    rf"|\b(?:that['’]s|it['’]s|this\s+is|that\s+is)\s+(?:your|his|her)\s+\w+|\bis\s+(?:from|because\s+of|caused\s+by)\s+(?:the|your|his|her)\b"
    rf"|\b(?:it['’]s|that['’]s)\s+(?:an?\s+)?[\w-]+(?:\s+[\w-]+)?\s*(?:[,;—–]|\s+so\b)"
    rf"|\b(?:will|should|would)\s+(?:clear|fix|cure|heal|settle|take\s+care\s+of|go\s+down|go\s+away|calm|knock\s+out)\b"
    rf"|\b(?:you['’]ll|he['’]ll|she['’]ll|you\s+will)\s+be\s+(?:fine|ok|okay|good|alright)\b"
    # a clearance given to one reader: "you're fine to return to bull riding next weekend"
    rf"|\b(?:you['’]re|you\s+are|he['’]s|she['’]s|they['’]re)\s+(?:totally\s+|perfectly\s+)?(?:fine|safe|ok|okay|good|cleared|clear)\s+to\b"
    rf"|\b(?:is|are|should\s+be|that['’]s|it['’]s)\s+(?:fine|safe|ok|okay|enough|plenty)\s+(?:for\s+(?:you|him|her|them|your)\b|to\b)"
    rf"|^\W*(?:ok|okay|fine|safe|alright)\s+to\s+(?:{_HEALTH_VERB})\b"
    rf"|\bno\s+(?:[\w-]+\s+)?(?:swimming|running|lifting|driving|flying|diving|contact\s+sports|sports|alcohol|caffeine|biking|hiking|golf)\b"
    rf"|(?:=|\bmeans)\s+no\s+\w+|\bno\s+[\w-]+(?:\s+[\w-]+)?,?\s+period\b|\bshould\s+help\b"
    rf"|\b(?:that['’]s|it['’]s|this\s+is)\s+an?\s+(?!(?:good|great|common|question|reminder)\b)[\w-]+\s*(?:[,;—–]|$)"
    # a schedule: "twice a day for two weeks", "every other day", "daily for two weeks, then half"
    rf"|\b(?:once|twice|three\s+times|four\s+times|\d\s*(?:x|times))\s+(?:a|per|each)\s+(?:day|night|week)\b|\bevery\s+other\s+day\b"
    rf"|\bevery\s+(?:\d+|two|three|four|six|eight|twelve)\s+hours\b|\b(?:daily|nightly)\s+for\s+(?:\d+|a|one|two|three|four|five|six|ten)\b"
    # a dose with its schedule or amount: "one tablet every six hours", "18 units at night", "an extra 250 mg"
    rf"|\b(?:one|two|three|four|half|a|an|\d+(?:[.,]\d+)?)\s*(?:tablets?|pills?|capsules?|puffs?|drops?|sprays?|squirts?|mg|mcg|ml"
    rf"|units?|teaspoons?|tablespoons?|tsp|tbsp|meq|grams?|g|capfuls?|scoops?|droppers?(?:ful)?|chewables?|gummies|patch(?:es)?)"
    rf"\s+(?:of\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?)?(?:every|each|a\s+day|per|twice|three\s+times|at\s+(?:night|bedtime)|with|before"
    rf"|after|of|daily|nightly|a\s+night)\b"
    rf"|\b(?:an?\s+)?extra\s+\d+(?:\.\d+)?\s*(?:mg|mcg|ml|units?|tablets?|pills?)\b|\b(?:we|i)['’]d\s+like\s+you\s+to\b"
    rf"|\b(?:let['’]s|we['’]ll|we\s+will|i['’]ll)\s+(?:try|put|start|keep|get|switch)\s+(?:you|him|her|them|your\s+[\w'’-]+)\s+(?:on|to)\b"
    rf"|\b(?:we['’]ll|we\s+will|we['’]re\s+going\s+to)\s+(?:go\s+ahead\s+and\s+)?(?:start|stop|switch|put|change|raise|lower"
    rf"|increase|decrease|double|cut|bump|add)\s+(?:you|your|him|her|them)\b")
# Sending the reader to their own clinician is the right answer, unless the sentence also waves
# them off care ("no need to come in").
_REFERRAL = re.compile(
    r"(?i)\b(?:ask|talk\s+(?:to|with)|check\s+with|speak\s+(?:to|with)|call|contact|message|see)\s+(?:your|a|our|the)\s+"
    r"(?:own\s+)?(?:doctor|clinician|pharmacist|provider|care\s+team|nurse|prescriber|health\s*care|healthcare|pediatrician"
    r"|office|surgeon)|\b(?:bring|bringing|raise|raising|mention|mentioning)\s+(?:it\s+|this\s+|that\s+)?(?:up\s+)?(?:with|to)\s+your\b"
    r"|\bas\s+directed\s+by\b|\bwe\s+can(?:'t|’t|not)\s+(?:give|diagnose|advise)|(?<!until\s)(?<!until\syour\s)\bnext\s+(?:appointment|visit)\b")
# General education inside a reply ("Reply to @x: Most adults can take up to 3,000 mg …").
_GENERIC = re.compile(
    r"(?i)\b(?:generally|in\s+general|usually|typically|for\s+anyone|anyone|everyone|most\s+(?:adults|people|kids"
    r"|children|patients|runners)|(?:people|adults|kids|children|parents|patients)\s+(?:should|can|need|usually|often))\b")
_WAVED_OFF = re.compile(r"(?i)\bno\s+need\b|\b(?:don't|doesn't|don’t|doesn’t|do\s+not|does\s+not)\s+need\b|\bnothing\s+to\s+worry")
_YOU = re.compile(r"(?<![a-z0-9])(?:you|your|yours)\b|@|(?<![a-z0-9])(?:reply|dm\b|hi\s|hey\s|dear\s|my\s|i['’]m\s"
                  r"|i\s+(?:have|had|take|got)\s|asks?\s|asked\s|wonders\s|no\s+need\b|don['’]t\s+bother|sounds\s+like"
                  r"|looks\s+like|re\s+(?:your|the)\s|(?:to|for)\s+the\s+(?:[\w-]+\s+){0,2}?(?:" + _ONLINE_PERSON + r")\s+(?:with|who|whose)"
                  r"|the\s+(?:[\w-]+\s+){0,2}?(?:commenters?|readers?|posters?|followers?|viewers?"
                  r"|listeners?|askers?|reviewer)\b|\w+\s+who\s+(?:asked|wrote|messaged|posted|commented|called|emailed|texted|sent|left)"
                  r"|(?:looks?|seems?|feels?)\s+(?:a\s+lot\s+|much\s+)?(?:better|worse)|on\s+your\s"
                  r"|(?:grandpa|grandma|granny|gramps|grandad|granddad|nana|papa|pops|mom|mum|dad|hubby|wifey|mama|auntie)\b"
                  r"|(?:she|he|baby)(?:['’]s|\s+is)\s+\d|\bat\s+\d+\s*(?:lbs?|pounds|kg)\b|whoever|someone\s+in|level\s+of\s+\d"
                  r"|replying|answering|responding|^\W*(?:ok|okay|fine)\s+to)")
# on lowercase text: sentences worth a look
# _YOU runs over the whole page and is dear (its "… who asked" alternative may start at any word). Each of
# its alternatives needs one of these whole words (delimited by its spaces, \b or look-behind), one of the
# literals, or "to/for the <person> with/who": a page with none of them has no sentence _YOU could find.
_YOU_WORDS = frozenset("""
you your yours dm hi hey dear my i ask asks asked wonders no don sounds looks look seem seems feel feels re who
she he baby at someone level ok okay fine commenter commenters reader readers poster posters follower followers
viewer viewers listener listeners asker askers reviewer
grandpa grandma granny gramps grandad granddad nana papa pops mom mum dad hubby wifey mama auntie
""".split())
_YOU_LITERALS = ("@", "reply", "whoever", "answering", "responding")
_ONLINE_PERSON_WORDS = frozenset(form for word in _ONLINE_PERSON.split("|")
                                 for form in ((word[:-2], word[:-1]) if word.endswith("s?") else (word,)))


def _may_speak_to_someone(doc: Doc) -> bool:
    return (not doc.words.isdisjoint(_YOU_WORDS) or doc.mentions(*_YOU_LITERALS)
            or (doc.has_word("to", "for") and doc.has_word("the") and not doc.words.isdisjoint(_ONLINE_PERSON_WORDS)
                and doc.mentions("with", "who")))


def _vocative(sentence: str) -> bool:
    """ "Linda, with your heart failure …", "… next week, Mike.": a sentence spoken to one person."""
    for pattern in (_LEADING_VOCATIVE, _TRAILING_VOCATIVE, _MIDDLE_VOCATIVE):
        m = pattern.search(sentence)
        if m and (m.group("name") in FIRST_NAMES or m.group("name") in AMBIGUOUS_FIRST_NAMES
                  or m.group("name") in census_first_names()):
            return True
    return False


# "When your child has a fever, give fluids": a situation under "if" or "when" is anyone's.
_CONDITIONAL = re.compile(r"(?i)\b(?:if|when|whenever|whether|unless|(?<!at\s)once|in\s+case)\b[^,;:]*$")


# "On your warfarin, …": the reader is on a named medicine.
_ON_YOUR = re.compile(r"(?i)\bon\s+your\s+(?:new\s+|current\s+|daily\s+)?(?P<what>[a-z][\w-]+)")


def _stated_situation(sentence: str) -> bool:
    for m in _SITUATION.finditer(sentence):
        if not _CONDITIONAL.search(sentence, 0, m.start()):
            return True
    lowered = sentence.lower()
    for gate, pattern in _GATED_SITUATIONS:
        if any(word in lowered for word in gate):
            for m in pattern.finditer(sentence):
                if not _CONDITIONAL.search(sentence, 0, m.start()):
                    return True
    return any(m.group("what").lower() in medicines() and not _CONDITIONAL.search(sentence, 0, m.start())
               for m in _ON_YOUR.finditer(sentence))


def _personal(sentence: str) -> bool:
    lowered = sentence.lower()
    return bool(_ADDRESSED.search(sentence)
                or ("with " in lowered or "whose " in lowered) and _ADDRESSED_BY_DESCRIPTION.search(sentence)
                or _FAMILY_AS_NAME.search(sentence) or _vocative(sentence) or _stated_situation(sentence))


def find_personal_advice(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    flagged: set[tuple[int, int]] = set()
    for start, end in doc.sentences_with(_YOU) if _may_speak_to_someone(doc) else ():
        sentence = text[start:end]
        if not _personal(sentence):
            continue
        # The situation may be set in one sentence and the directive given in the next
        # ("Sorry your sinus infection is lingering, Paul. Just keep using the Afrin.").
        following = doc.sentence(end)
        for span in ((start, end), following, doc.sentence(following[1]) if text[following[0]:following[1]].rstrip().endswith("?") else following):
            if span in flagged or span[0] >= len(text):
                continue
            said = text[span[0]:span[1]]
            if not _DIRECTIVE.search(said) or (_REFERRAL.search(said) and not _WAVED_OFF.search(said)):
                continue
            if _GENERIC.search(said) and not _stated_situation(said):  # a reply that teaches everyone
                continue
            flagged.add(span)
            yield make_finding("advice.individual", span[0], span[0] + len(said.rstrip()), text,
                               message="This speaks to one reader's own situation (their result, child, symptom or "
                                       "photo) and tells them what to do, which is individual medical advice.")
