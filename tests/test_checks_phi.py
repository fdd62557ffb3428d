"""PHI recognizers, one class per family, including the allow-list's near misses."""
from __future__ import annotations

import pytest

from syndicate.checks import AllowList, blocks_publication, scan_text
from syndicate.checks.recognizers.numbers import vin_check_digit_ok
from tests.sample_practice import sample_allow_list

ALLOW = sample_allow_list()


def rules(text: str, allow: AllowList = ALLOW) -> set[str]:
    """Rule ids of the hand rules' findings that would block publication. The learned phi.suspect is tested
    in test_checks_suspect.py and measured in docs/checks.md; left in here, every retrain could flip these
    rule tests (it flags one clean probe below, "With your doctor's OK, you can start walking ...")."""
    return {f.rule for f in scan_text(text, allow) if blocks_publication(f) and f.rule != "phi.suspect"}


def excerpts(text: str, rule: str, allow: AllowList = ALLOW) -> list[str]:
    return [f.excerpt for f in scan_text(text, allow) if f.rule == rule]


class TestContact:
    @pytest.mark.parametrize("number", ["217-555-0199", "(312) 555-0187", "217.555.0176", "555-0123",
                                        "+1 217 555 0168", "2175550193", "+44 20 7946 0958", "217/555-0127"])
    def test_phone_numbers(self, number):
        assert excerpts(f"Her daughter's number is {number}, call her.", "phi.phone") == [number]

    @pytest.mark.parametrize("text", ["Call us at (217) 555-0142.", "Fax 217.555.0143", "Our line: 1-217-555-0142",
                                      "Call 911.", "Text 988.", "Poison Control: 1-800-222-1222"])
    def test_practice_and_public_numbers_are_allowed(self, text):
        assert "phi.phone" not in rules(text)

    def test_near_miss_phone_is_flagged_and_named(self):
        [finding] = [f for f in scan_text("Call (217) 555-0149 to book.", ALLOW) if f.rule == "phi.phone"]
        assert "(217) 555-0142" in finding.message

    def test_extension_matters(self):
        allow = AllowList(phones=("(217) 555-0142 ext. 3",))
        assert "phi.phone" not in rules("Nurse line: 217-555-0142 ext. 3", allow)
        assert "phi.phone" not in rules("Main line: 217-555-0142", allow)
        assert "phi.phone" in rules("Nurse line: 217-555-0142 ext. 7", allow)

    def test_emails(self):
        assert excerpts("Send notes to jkowalski1958@gmail.com today.", "phi.email") == ["jkowalski1958@gmail.com"]
        assert "phi.email" in rules("Write to delgado (at) gmail (dot) com.")
        assert "phi.email" not in rules("Questions? hello@riverbend-family.example")
        assert "phi.email" in rules("Questions? hello@riverbend-family.com")


class TestIdentifiers:
    @pytest.mark.parametrize("text, rule", [
        ("Her SSN, 412-66-9081, was on the card.", "phi.ssn"),
        ("He read me the last four of his SSN, 4471.", "phi.ssn"),
        ("We matched her social, ending 8812.", "phi.ssn"),
        ("Her MRN is 00482913.", "phi.mrn"),
        ("Chart #A-55821 showed missed refills.", "phi.mrn"),
        ("His Medicare card number, 1EG4-TE5-MK73, was visible.", "phi.plan_id"),
        ("The MBI 5RT9C22XY87 was wrong.", "phi.plan_id"),
        ("Her BCBS ID is XOF 8827 1940.", "phi.plan_id"),
        ("Payment went to acct #5529013.", "phi.account"),
        ("His driver's license number, D412-5573-0912, was on file.", "phi.license"),
        ("The car's VIN, 1HGCM82633A004352, was in the report.", "phi.vehicle"),
        ("A witness wrote down the license plate, 7KJX392.", "phi.vehicle"),
        ("Insulin pump S/N 11-447-9302 was replaced.", "phi.device"),
        ("UDI (01)00844588003288(17)141120(21)XYZ4567", "phi.device"),
        ("I visited her in Room 412B.", "phi.code"),
        ("The denial came back on claim #A77-2231.", "phi.code"),
        ("The number 88231007 was on her wristband.", "phi.code"),
    ])
    def test_identifier_is_found(self, text, rule):
        assert rule in rules(text)

    @pytest.mark.parametrize("text", [
        "Medicare Part B covers one flu shot per season.",
        "Stay in bed 2 to 3 days if the flu knocks you flat.",
        "Store insulin at room temperature.",
        "Heart disease causes about 695,000 deaths a year.",
        "The trial (https://pubmed.ncbi.nlm.nih.gov/31234567/) found no benefit.",
        "She has been on Social Security since 2019.",
        "Annual wellness visits are billed as CPT 99397.",
    ])
    def test_look_alikes_are_not_identifiers(self, text):
        assert rules(text) == set()

    def test_vin_check_digit(self):
        assert vin_check_digit_ok("1HGCM82633A004352")
        assert not vin_check_digit_ok("1HGCM82643A004352")
        assert "phi.vehicle" not in rules("Part 1HGCM82643A004352 is on back order.")


class TestWeb:
    def test_portal_link_with_patient_id_is_flagged_even_on_practice_domain(self):
        assert "phi.url" in rules("Upload here: https://riverbend-family.example/portal?patient_id=55821")

    def test_practice_and_public_links_are_fine(self):
        text = ("See https://www.cdc.gov/flu/index.html, medlineplus.gov/ency/article/000468.htm and "
                "https://riverbend-family.example/appointments.")
        assert [f for f in scan_text(text, ALLOW) if f.rule == "phi.url"] == []

    def test_personal_pages_and_unknown_sites(self):
        assert "phi.url" in rules("Donate at https://www.gofundme.com/f/help-jenny")
        assert "phi.url" in rules("Follow her at caringbridge.org/visit/rosamartinez")
        [warning] = [f for f in scan_text("Read more at example-blog.com/recipes.", ALLOW) if f.rule == "phi.url"]
        assert warning.severity == "warning"

    def test_handles(self):
        assert "phi.url" in rules("Her Instagram, @jenny.beats.cancer, shows every round.")
        [f] = [f for f in scan_text("Follow us @RiverbendFamilyMed for tips.", ALLOW) if f.rule == "phi.url"]
        assert f.severity == "warning"

    def test_ip_addresses(self):
        assert excerpts("Logged in from 73.162.44.201 at night.", "phi.ip") == ["73.162.44.201"]
        assert excerpts("From 2001:db8:85a3::8a2e:370:7334 again.", "phi.ip") == ["2001:db8:85a3::8a2e:370:7334"]
        assert "phi.ip" not in rules("Normal TSH runs 0.4 to 4.0 mIU/L at 10:30.")


class TestPlaces:
    def test_street_addresses(self):
        assert excerpts("Drop meals at 2291 N. Lincoln Ave., Apt 3B.", "phi.address") == ["2291 N. Lincoln Ave., Apt 3B"]
        assert "phi.address" in rules("Send cards to PO Box 1183.")
        assert "phi.address" in rules("She lives over on Sycamore Lane by the tower.")
        assert "phi.address" in rules("She lives in the Willow Creek subdivision.")

    def test_practice_address_matches_tolerantly_but_not_another_house_number(self):
        assert "phi.address" not in rules("Visit 1200 Riverbend St., Suite 4, Springfield, IL 62704.")
        assert "phi.address" not in rules("We're at 1200 Riverbend Street.")
        assert "phi.address" in rules("We're at 1210 Riverbend Street.")

    def test_zip_codes(self):
        assert excerpts("Her return address ended Springfield, IL 62711.", "phi.zip") == ["62711"]
        assert "phi.zip" in rules("He drives in from ZIP code 62629.")
        assert "phi.zip" not in rules("We gave 62,711 shots across the state.")

    def test_state_is_not_geography_below_state(self):
        assert rules("She moved to Florida last year.") == set()


class TestDatesAndAges:
    @pytest.mark.parametrize("text", [
        "She came in last Tuesday with a cough.", "On March 3 she agreed to the mammogram.",
        "He was admitted on 11/14/2023.", "Her baby arrived on Christmas Eve.", "I saw him again on the 22nd.",
        "Back in June, she noticed a lump.", "A young man came in two weeks ago.", "DOB: 1947-06-18",
    ])
    def test_dates_tied_to_a_person(self, text):
        assert "phi.date" in rules(text)

    @pytest.mark.parametrize("text", [
        "Published March 3, 2024 by Ada Okafor, MD", "Flu season usually peaks in February.",
        "Our clinic will be closed on Monday, May 27, for Memorial Day.", "Call us Monday through Friday.",
        "In 1955, the polio vaccine was declared safe.", "A healthy blood pressure is below 120/80.",
        "Take 1/2 tablet with food.",
    ])
    def test_dates_not_about_a_person(self, text):
        assert "phi.date" not in rules(text)

    @pytest.mark.parametrize("text", [
        "A 92-year-old taught me resilience.", "At age 94, he mows his lawn.", "She turned 100 in the spring.",
        "Now in her late nineties, she does the crossword.", "He is ninety-three.", "The patient, 96, lives alone.",
        "She'll be 103 in November.",
    ])
    def test_ages_over_89(self, text):
        assert "phi.age" in rules(text)

    @pytest.mark.parametrize("text", [
        "Adults over 65 should get the vaccine.", "Among adults 90 and older, falls are common.",
        "Most people in their nineties take many medications.", "She is 45 and runs marathons.",
        "His LDL is 104.", "Over 90% of cervical cancers are caused by HPV.",
    ])
    def test_ages_that_are_not_identifying(self, text):
        assert "phi.age" not in rules(text)


class TestNames:
    @pytest.mark.parametrize("text, name", [
        ("My patient Rosa came in worried.", "Rosa"), ("A patient named Deshawn asked me.", "Deshawn"),
        ("Mrs. Alvarez manages her diabetes.", "Mrs. Alvarez"), ("Maria's A1c dropped.", "Maria"),
        ("Keep her in your thoughts #PrayForJenny", "#PrayForJenny"), ("Love you #prayforjenny", "#prayforjenny"),
        ("Her husband, Raj Mehta, drove.", "Raj Mehta"), ("Little Mateo screamed through his shots.", "Mateo"),
        ("We'll call him J.R. for now.", "J.R."),
    ])
    def test_names_are_found(self, text, name):
        assert name in excerpts(text, "phi.name")

    @pytest.mark.parametrize("text", [
        "Parkinson's disease affects movement.", "Hodgkin lymphoma is curable.", "Lou Gehrig's disease is rare.",
        "St. John's wort interacts with the pill.", "Jenny Craig is a commercial program.",
        "Dr. Okafor and Nurse Whitfield teach the class.", "Written by Priya Raman, PA-C.",
        "Dr. Lee's tips for better sleep.", "Hope and patience help.",
    ])
    def test_eponyms_brands_and_clinicians_are_not_names(self, text):
        assert "phi.name" not in rules(text)

    def test_roster_surname_with_another_title_is_a_near_miss(self):
        assert "phi.name" in rules("Mrs. Okafor brought her grandson in.")
        assert "phi.name" in rules("Dr. Okafur will see walk-ins.")


def test_a_clinicians_first_name_is_allowed_once_the_text_names_them_in_full():
    from tests.sample_practice import sample_allow_list
    allow = sample_allow_list()
    intro = "We welcome Priya Raman, PA-C, to the team. Priya enjoys caring for whole families."
    assert [f for f in scan_text(intro, allow) if f.rule == "phi.name"] == []
    alone = "Priya enjoys caring for whole families and came in on Tuesday."
    assert [f.excerpt for f in scan_text(alone, allow) if f.rule == "phi.name"] == ["Priya"]
    other = "We welcome Priya Raman, PA-C. Her patient Maria came in on Tuesday."
    assert "Maria" in [f.excerpt for f in scan_text(other, allow) if f.rule == "phi.name"]


def test_hashtags_that_are_words_before_names_are_not_flagged_alone():
    from tests.sample_practice import sample_allow_list
    allow = sample_allow_list()
    assert [f for f in scan_text("Stay safe outside. #Summer #Hope #Sunscreen", allow) if f.rule == "phi.name"] == []
    flagged = [f.excerpt for f in scan_text("Thinking of her today #PrayForHope #JennyStrong", allow) if f.rule == "phi.name"]
    assert flagged == ["#PrayForHope", "#JennyStrong"]


class TestPersonalAdvice:
    """Advice aimed at one reader's own situation, whatever the treatment (issue 10)."""

    @pytest.mark.parametrize("text", [
        "Your 18-month-old can take 4 mL of infant Tylenol every 6 hours.",                      # a child's dose
        "Since your toddler weighs 24 pounds, give him 5 mL of Benadryl at bedtime.",
        "Your strep is gone, so you don't have to finish the last three days of your course.",  # stopping a course
        "Your celiac blood test was borderline, so just go gluten-free and skip the biopsy.",    # a result
        "With your gout, you should stop eating red meat and drink 3 liters of water a day.",   # diet for a condition
        "For a migraine as bad as yours, it's fine to take 4 extra-strength tablets at once.",  # over the label
        "That rash in your photo is shingles; start the valacyclovir you have left over.",      # reading an image
        "The chest pain you describe sounds like a pulled muscle, so no need to come in.",      # reading symptoms
        "Reply to @mike: for your knee pain, ice it for 20 minutes and skip running this week.",
        "Sorry your sinus infection is lingering, Paul. Just keep using the Afrin for two more weeks.",
    ])
    def test_individual_advice_in_any_shape(self, text):
        assert "advice.individual" in rules(text)

    @pytest.mark.parametrize("text", [
        "Take antibiotics exactly as prescribed, and don't save leftovers.",
        "When your child has a fever, give plenty of fluids and watch for dehydration.",
        "If your fever is above 103, call us right away.",
        "For your child's safety, keep medicines locked up.",
        "Every child is different, so check with your pediatrician about the right dose for your child.",
        "Hi everyone! Flu shots are here, so come in any weekday.",
        "From the photo in this post, you can see how a tick looks after feeding.",
        "Drop off unused medicines at the police department's take-back box.",
        "Reply to @healthnut: Great question! Most adults can take up to 3,000 mg of acetaminophen a day.",
        "Reply: Generally, people should stop eating solid food 8 hours before surgery.",
        "Thinking about stopping a medicine because of side effects? Talk with your prescriber first.",
    ])
    def test_general_advice_and_referrals_stay_clean(self, text):
        assert "advice.individual" not in rules(text)


class TestQuasiIdentifiers:
    @pytest.mark.parametrize("text", [
        "We recently treated the only female firefighter in Auburn for a shoulder injury.",
        "Our patient, the mayor of Loami, shared his screening story.",
        "One of our patients, the high school's principal, had a stroke in May.",
        "A woman who was struck by lightning twice is now doing well with us.",
        "The winner of this year's county fair pie contest is now our patient.",
        "Our patient, who owns the only bakery in Elkhart, shared her celiac story.",
    ])
    def test_unique_characteristics(self, text):
        assert "phi.unique" in rules(text)

    @pytest.mark.parametrize("text", [
        "We are the only clinic in Springfield open on Sundays.",
        "Dr. Lee was the first physician in his family and grew up on a farm.",
        "The only way to know your blood pressure is to have it checked.",
        "The town's fire department offers free car seat checks.",
    ])
    def test_roles_and_firsts_that_point_at_no_patient(self, text):
        assert "phi.unique" not in rules(text)

    def test_biometrics_of_a_patient_but_not_of_a_test(self):
        assert "phi.biometric" in rules("Our patient's fingerprint scan was included in the slide deck.")
        assert "phi.biometric" in rules("The iris scan of the patient was posted with his first name.")
        assert "phi.biometric" not in rules("Retinal scans help us find diabetic eye disease early in patients.")
        assert "phi.biometric" not in rules("Fingerprint scanners at the kiosk protect your prescriptions.")


class TestGeographyBelowState:
    @pytest.mark.parametrize("text, place", [
        ("A retired teacher from tiny Loami, who we treat for AFib, wrote to us.", "Loami"),
        ("Our diabetic patient out in Pawnee drives 40 minutes to each visit.", "Pawnee"),
        ("A Sangamon County farmer we see for COPD told us about harvest dust.", "Sangamon County"),
        ("The family farm outside Athens, IL, is where he got the tick bite.", "Athens"),
        ("He lives on a farm near Tallula and drives an hour to see us.", "Tallula"),  # below GeoNames' 500 people
        ("A patient from the Prairie Oaks subdivision brought in a tick.", "Prairie Oaks subdivision"),
        ("A patient from the Willow Bend apartments came in with bedbug bites.", "Willow Bend apartments"),
        ("The veterinarian who runs the rescue out on Route 4 was bitten by her capuchin.", "Route 4"),
    ])
    def test_towns_counties_housing_and_roads_tied_to_a_patient(self, text, place):
        assert place in excerpts(text, "phi.address")

    @pytest.mark.parametrize("text", [
        "The Sangamon County Department of Public Health offers free vaccines on Tuesdays.",
        "Memorial Hospital in Springfield hosts a free stroke support group.",
        "Residents of Sangamon County can get free radon test kits.",
        "Thank you to everyone who came to our health fair in Chatham last Saturday!",
        "Sam Whitfield, RN, grew up in Decatur and has been a nurse for 15 years.",
        "Many people in rural Illinois live more than 30 minutes from a hospital.",
        "Our patient slipped on ice at Home Depot.",  # an everyday word, not the town of Home
    ])
    def test_public_places_clinicians_and_words(self, text):
        assert "phi.address" not in rules(text)

    def test_the_practice_town_is_not_a_patient_clue(self):
        assert "phi.address" not in rules("A patient from Springfield asked about flu shots.")
        assert "phi.address" in rules("A patient from Chatham asked about flu shots.")


class TestFrames:
    @pytest.mark.parametrize("text", [
        "CDC Director Mandy Cohen encouraged everyone 6 months and older to get a flu shot.",
        "Former President Jimmy Carter chose hospice care publicly.",
        "In 1796, Edward Jenner tested the idea that cowpox could protect against smallpox.",
        "Meet \"Maria,\" a composite patient we created for this post.",
        "In this fictional scenario, a college student named Priya gets the flu.",
        "Tommy John surgery is common among pitchers.",
    ])
    def test_public_historical_and_invented_people_are_not_patients(self, text):
        assert "phi.name" not in rules(text)

    @pytest.mark.parametrize("text", [
        "Rosa Martinez, who survived the 1957 flu, turned 94 last week.",
        "Maria Gonzalez announced on Facebook that she beat breast cancer after treatment here.",
        "This is not a composite: Deshawn Miller really did lose 60 pounds.",
        "Kevin Brooks, a famous local chef, is recovering from bypass surgery.",
        "Thank you to Mrs. Delgado for her generous gift to our foundation.",
    ])
    def test_frames_do_not_hide_real_patients(self, text):
        assert "phi.name" in rules(text)

    def test_a_fictional_ssn_is_still_flagged(self):
        assert "phi.ssn" in rules("Fictional example: Joe's SSN is 412-66-9081.")


class TestNameCandidates:
    """Philter-style: a token that is no English word, medicine or place, beside a person cue."""

    @pytest.mark.parametrize("text, name", [
        ("## Patient Spotlight: Delphine Arceneaux", "Delphine Arceneaux"),
        ("Oksana Petrenko came in last week for her first prenatal visit.", "Oksana Petrenko"),
        ("Thanks to Thandiwe for sharing her story!", "Thandiwe"),
        ("We loved hearing from Bao, who finished chemo in June.", "Bao"),
        ("Case note: J. Castellanos-Ruiz (our patient with lupus) agreed to share.", "J. Castellanos-Ruiz"),
        ("Our patient of the month is brenda yoakum, who walked her first 5K.", "brenda yoakum"),
        ("Welcome back, Oksana! Your knee looks great.", "Oksana"),
    ])
    def test_unlisted_names_beside_a_person_cue(self, text, name):
        assert name in excerpts(text, "phi.name")

    @pytest.mark.parametrize("text", [
        "Zepbound, which is newer, works like Ozempic.",
        "Huge thanks to Walgreens for hosting our flu clinic.",
        "Paxlovid was approved in 2021 and is widely available.",
        "Lanphier High students got free sports physicals.",
        "Our practice serves families in Sangamon, Menard and Logan counties.",
    ])
    def test_medicines_companies_and_places_are_not_names(self, text):
        assert "phi.name" not in rules(text)


class TestPublicNumbers:
    @pytest.mark.parametrize("text", [
        "Call 1-800-QUIT-NOW (1-800-784-8669) for free coaching.",
        "The SAMHSA National Helpline, 1-800-662-4357, offers referrals 24/7.",
        "Call or text the National Maternal Mental Health Hotline at 1-833-TLC-MAMA (1-833-852-6262).",
        "Questions about vaccines? CDC-INFO answers at 800-232-4636.",
        "The Illinois tobacco quitline is 1-866-784-8937.",  # any toll-free line outside a story about a person
    ])
    def test_hotlines_are_allowed(self, text):
        assert "phi.phone" not in rules(text)

    def test_a_toll_free_number_in_a_story_about_a_person_is_flagged(self):
        assert "phi.phone" in rules("Call his cell at 1-888-555-0199 to check on him.")

    @pytest.mark.parametrize("text", [
        "Our patient portal app was updated to version 10.2.1.4.",
        "Printer driver 4.20.1.88 fixed the blank-page problem.",
        "The newest version of MyChart, 11.2.1.0, adds dark mode.",
    ])
    def test_version_numbers_are_not_ip_addresses(self, text):
        assert "phi.ip" not in rules(text)

    def test_an_address_in_a_log_is_still_an_ip(self):
        assert "phi.ip" in rules("Her laptop logged in from 192.168.4.22 during the visit.")


class TestMoreIdentifierShapes:
    @pytest.mark.parametrize("text, rule", [
        ("Follow our patient's recovery blog at https://kellysnewkidney.blogspot.com/", "phi.url"),
        ("Please donate to her cancer fund: https://www.gofundme.co.uk/f/help-marty", "phi.url"),
        ("Read her own account on her personal site, https://jolupusdiary.net", "phi.url"),
        ("The patient's hospital account number, HAR 700233418, was on the bill.", "phi.account"),
        ("Card number 4111 1111 1111 4821 was on the intake sheet.", "phi.account"),
        ("The patient's driver's license, IL D400-7751-2290, was visible.", "phi.license"),
        ("Our patient's nursing license number RN 041.398821 was on his badge.", "phi.license"),
        ("Illinois plate BK 44721 was towed from the lot.", "phi.vehicle"),
        ("Our patient's VIN 2T1BURHE0JC123456 appeared on the report.", "phi.vehicle"),
        ("Hospital MRN for the newborn in the photo: M00917734.", "phi.mrn"),
        ("We verified the patient using his social, 3 4 1 - 2 2 - 9 8 1 7.", "phi.ssn"),
        ("Email her: grandmaknits [at] gmail [dot] example", "phi.email"),
        ("Her ZIP code, 62629, is in the note.", "phi.zip"),
    ])
    def test_identifier_is_found(self, text, rule):
        assert rule in rules(text)


class TestProbeDrivenShapes:
    """Shapes found with throwaway sentences in other voices (thank-you notes, replies, outbreak notices)."""

    @pytest.mark.parametrize("text, rule", [
        ("He's a 95 y/o veteran who still drives.", "phi.age"),
        ("Happy 103rd to our favorite patient!", "phi.age"),
        ("Our patient, now 100, got her COVID booster.", "phi.age"),
        ("The gentleman in exam room 2 is 99 and sharp as a tack.", "phi.age"),
        ("A note from the Villanueva family thanked our nurses.", "phi.name"),
        ("Our receptionist's son, Tyrese, broke his arm at soccer.", "phi.name"),
        ("We're sending love to Kalani and her family this week.", "phi.name"),
        ("Patient J.M., 42, had an allergic reaction to penicillin.", "phi.name"),
        ("His passport number, 552100381, was on the copy we got.", "phi.license"),
        ("Lot number for her implant: LT-20931-X.", "phi.device"),
        ("He came in on the 3rd for his stitches.", "phi.date"),
        ("Outbreak notice: two children at Little Sprouts Daycare on Elm Ridge Road have tested positive.", "phi.address"),
        ("She streams her chemo days at twitch.tv/chemochloe", "phi.url"),
        ("For your son's fever, alternate Tylenol and Motrin every 3 hours.", "advice.individual"),
        ("At the age of 97, our patient still swims.", "phi.age"),
        ("The patient lives in unincorporated Sangamon County near the lake.", "phi.address"),
        ("A Rochester teen we see for asthma made the varsity team.", "phi.address"),
        ("The town's longtime barber, now our patient, credits his recovery to cardiac rehab.", "phi.unique"),
        ("Our patient, one of the quintuplets born at Memorial in 2019, is doing well.", "phi.unique"),
        ("When Yolanda, a retired bus driver from Auburn, came to see Dr. Okafor, she could not lift her arm.",
         "phi.address"),
        ("Attached is a close-up photo of our patient's face showing the rosacea.", "photo.review"),
        ("Dr. Okafor saw her on March 3 for chest pain.", "phi.date"),
        ('<img src="uploads/family.jpg" alt="The Smith family at the clinic">', "photo.review"),
    ])
    def test_found(self, text, rule):
        assert rule in rules(text)

    @pytest.mark.parametrize("text", [
        "Meet our new dietitian, Hannah Cole, RD, at our open house.",
        "Thank you to the Chatham Lions Club for eyeglasses.",
        "Thoughts with Maui residents after the wildfires.",
        "With your doctor's OK, you can start walking the day after surgery.",
        "You can take acetaminophen for a fever, following the package directions.",
        "Dr. Atul Gawande's book Being Mortal is a good read on end-of-life care.",
        "Louis Pasteur developed the rabies vaccine.",
        "The national Eating Disorders helpline is 1-800-931-2237.",
        "The town's water department told us the boil order is lifted.",
        "Dr. Lee grew up in Peoria and finished his residency there before moving here.",
        "The photos below show what a healthy mole looks like.",
        "We see patients from Chatham, Rochester and Auburn.",          # patients in general are no one
        "Our patients in Menard County can get free rides to appointments.",
        "Our mobile clinic visits Loami, Pawnee and Divernon every month.",
        "Dr. Okafor joined us on March 3, 2025, and she is accepting new patients.",  # a clinician's date
    ])
    def test_clean(self, text):
        assert rules(text) == set()


class TestSecondSplitGeneralisations:
    """Rule families generalised on tests/phi_dev2.jsonl (docs/checks.md, "Measured generalisation"). Each
    sentence is written fresh in other words than the split's cases; each flagged one fails on the rules before."""

    @pytest.mark.parametrize("text", [
        # a reader's own situation in the first person, then the answer
        "Q: My 6-year-old weighs 45 lb and has an earache. Which dose? A: Give her 10 mL of the ibuprofen.",
        'Reader mail: "My ferritin came back at 6." — Take two iron tablets a day until it is up.',
        # going over a label, a dose schedule, an extra dose
        "It's okay for you to take four Tylenol at once for your migraine; the box is overly careful.",
        "Your brother with epilepsy can swim again if he takes an extra 500 mg of Keppra that morning.",
        # a remote verdict that waves the reader off care
        "That wrist sounds like a sprain, so don't bother with an X-ray.",
        "No need to come in for that swelling, Darnell — it's almost certainly a bug bite.",
        # acting through a third person, a clinician's plan for one reader
        "Ask your grandpa to chew a baby aspirin now that he has had the chest pains.",
        "Have your wife stop the metoprolol until her dizziness settles.",
        "We'd like you to cut the prednisone to 10 mg starting tomorrow, based on your last message.",
        "Let's start you on 25 mg of sertraline and see how you feel.",
        # replies to a handle and reader questions
        "Great question @tomruns88: stretch that calf twice a day and take 600 mg of ibuprofen with food.",
        "Marcus asks whether he should keep taking his statin. Our answer: stop it for a month.",
        "If your rash is gone by Monday, Lorraine, you can toss the rest of the cephalexin.",
    ])
    def test_individual_advice_in_new_shapes(self, text):
        assert "advice.individual" in rules(text)

    @pytest.mark.parametrize("text", [
        "Q: What should parents do about a fever? A: Most children can have acetaminophen by weight; ask your pediatrician.",
        "Ankle sprains are common in spring; ice, rest and elevation help most people.",
        "Persistent heartburn is worth bringing up with your primary care doctor.",
        "Many people ask whether they can take ibuprofen with coffee. Usually yes.",
        "Adults 65 and older should get a shingles vaccine; ask about it at your annual visit.",
        "Take acetaminophen exactly as the label says, and never more than the daily maximum.",
    ])
    def test_general_education_stays_clean(self, text):
        assert "advice.individual" not in rules(text)

    @pytest.mark.parametrize("text, name", [
        ("Wilhelmina finally kicked her soda habit after the diabetes class.", "Wilhelmina"),  # Census name, an action
        ("Ruby's hip is healing and she is back in the choir.", "Ruby"),  # a possessive body part, a pronoun
        ("Faith stopped by with cookies after her gallbladder surgery.", "Faith"),  # a word, with a pronoun
        ("Congrats to Hope on finishing her physical therapy!", "Hope"),
        ("Our youngest star this week is Thaddeus, 6: no tears for his shots.", "Thaddeus"),
        ("Ignatius's grandparents drove him in for his asthma follow-up.", "Ignatius"),
        ("Biscuit (yes, that is his real name) came in for his asthma check.", "Biscuit"),
        ("Our nurse spent the morning teaching Herminia to use her new insulin pen.", "Herminia"),
        ("Little Oisín was so brave at his shots.", "Oisín"),
        ("The Abernathys stopped by with donuts after their son's cast came off.", "Abernathys"),
    ])
    def test_given_names_in_person_frames(self, text, name):
        assert name in excerpts(text, "phi.name")

    @pytest.mark.parametrize("text", [
        "Congrats to oluwaseun on finishing rehab!",  # lower case after a strong cue
        "sofia wanted us to share that her gallbladder surgery went well and she is back at work",
        "#GoAuntieMo — surgery went well this morning.",  # a relation inside a hashtag
        "#TeamTobias walks this weekend to celebrate his recovery.",  # a Census name behind a prefix
    ])
    def test_names_without_capitals_or_inside_hashtags(self, text):
        assert "phi.name" in rules(text)

    @pytest.mark.parametrize("text", [
        "Hope is the theme of this month's newsletter.",
        "Bill pay is now available in the patient portal.",
        "Joy and grief can sit side by side during the holidays.",
        "Grace periods for insurance premiums vary by plan.",
    ])
    def test_names_that_are_words_stay_words_without_a_person_frame(self, text):
        assert "phi.name" not in rules(text)

    @pytest.mark.parametrize("text", [
        "Former First Lady Betty Ford famously spoke about addiction.",
        "Dr. Francis Collins directed the National Institutes of Health for twelve years.",
        "Angelina Jolie has written publicly about her BRCA test.",
        "Dr. Jonas Salk introduced his polio vaccine in 1955, and it is still given today.",
        "Country singer Wynonna Judd's family has spoken about mental health.",
        "Florence Nightingale's legacy shaped modern nursing.",
        "A child's speech delay is worth a hearing test.",
    ])
    def test_public_and_historical_frames(self, text):
        assert "phi.name" not in rules(text)

    def test_a_clinicians_first_name_in_a_roll_call_is_the_clinician(self):
        # the sample practice's roster: Ada Okafor, Marcus Lee, Priya Raman, Sam Whitfield
        assert "phi.name" not in rules("Season's greetings from Dr. Okafor, Priya, and the front desk!")
        assert "phi.name" not in rules("His patients can book with Dr. Okafor or Priya this month.")
        assert "phi.name" in rules("Thanks to Priya for the lemon bars after her knee surgery!")

    @pytest.mark.parametrize("text, rule", [
        ("His pacemaker (serial PMX 448120) was checked remotely.", "phi.device"),  # grouped serial
        ("Her medical file 77-2045 went to the wrong clinic.", "phi.mrn"),
        ("The claim bounced because the last four of her Social, 7731, were wrong.", "phi.ssn"),
        ("Her portal account 'mlopez1984' is locked.", "phi.account"),
        ("His car, plate 41 9920, is in the handicap spot.", "phi.vehicle"),
        ("Thanks to our patient on the 1100 block of North Elm who reported the loose railing.", "phi.address"),
        ("Props to the family who came from the 62521 zip code for his chemo every week.", "phi.zip"),
        ("The rancher out past the Pawnee feed store who came in with frostbite is doing well.", "phi.address"),
        ("She died on the evening of March 3rd, with her son and our nurse Sam Whitfield beside her.", "phi.date"),
        ("The woman we rushed to the ER on Monday, May 5, is now home.", "phi.date"),
        ("Get well to Decatur's beloved band director, who we treated for pneumonia.", "phi.unique"),
        ("Congrats to the dad who just welcomed quadruplets at St. John's this spring!", "phi.unique"),
        ("Our patient, the former police chief of Loami, had his cataract surgery today.", "phi.unique"),
        ("Our patient is the only female blacksmith still working — her lungs look great.", "phi.unique"),
    ])
    def test_identifiers_in_new_shapes(self, text, rule):
        assert rule in rules(text)

    @pytest.mark.parametrize("text", [
        "See Section 3.1.2.4 of the guideline for details.",
        "The app requires iOS 15.0.0 or later after the 6.1.0.2 update.",
        "The form follows the NCPDP 2017071 standard.",
        "Our patient portal is updating this weekend, so expect downtime Saturday night.",
        "Medicaid was signed into law on July 30, 1965.",
        "The 400 block of Main Street is closed for the parade on Saturday.",
    ])
    def test_numbers_and_dates_that_name_no_one(self, text):
        assert not rules(text)


class TestThirdSplitGeneralisations:
    """Rule families generalised on tests/phi_dev3.jsonl (docs/checks.md, "Measured generalisation", third round).
    Each sentence is written fresh, in other words than the split's cases; each flagged one fails on the rules before
    (a46da69), and the clean ones guard the new rules against their nearest misses."""

    @pytest.mark.parametrize("text", [
        # a reader picked out by description, a family member named by role
        "To the runner with the sore heel: it's plantar fasciitis, so switch to cycling for a month.",
        "The commenter whose toddler has croup should just run a hot shower and sit with her in the steam.",
        "Papa's new dizziness is from the amlodipine — halve it and he'll be fine.",
        # a medicine named by its brand only (the shipped medicine list), changed in a reply
        "Re your review: skip the Flexeril tonight and take it again tomorrow.",
        # the reader's case and state, a result read off a meter, a label overridden
        "Your glucometer read 48 this morning — next time eat a snack before your walk.",
        "The box says two days at most, but keep using the Sudafed for your sinuses through the weekend.",
        "In your case, the last week of the antibiotic isn't needed.",
        # a child by age and weight, a result stated for someone, a dose schedule
        "He's 4 and about 35 pounds, so one teaspoon of the allergy syrup is plenty for him.",
        "With a ferritin level of 8, you should be taking an iron tablet every other day.",
        "On your Eliquis, you should stop drinking cranberry juice.",
    ])
    def test_individual_advice_in_new_shapes(self, text):
        assert "advice.individual" in rules(text)

    @pytest.mark.parametrize("text", [
        "Re the new parking lot: use the north entrance.",
        "While you're waiting for your appointment, drink some water.",
        "Weight-based dosing: 1 kg is about 2.2 lbs, so a 44-lb child weighs about 20 kg. Use the dosing syringe.",
        "That's a great question — flu shots are safe in pregnancy.",
        "For the reader who asked about flu clinics: we're open Saturday.",
        "She's 3 and loves the playground, so bring sunscreen.",
    ])
    def test_general_education_stays_clean(self, text):
        assert "advice.individual" not in rules(text)

    @pytest.mark.parametrize("text, rule", [
        ("Happy 10th cancer-free birthday, Dusty Holt!", "phi.name"),  # a greeting, then a name that is also a word
        ("mr. okonkwo, thanks for the cookies after your knee scope.", "phi.name"),  # a lower-case honorific
        ("Thanks for the kind review, Bev from the Monday yoga class — glad your back is better!", "phi.name"),
        ("#BraveLikeDesmond finished his last round of chemo today!", "phi.name"),  # a Census name in a hashtag
        ("A big thank-you to tommy okafor-bell for the balloons!", "phi.name"),
        ("Her social is 318 44 92XX… no wait, the fax to her den is nine one nine, four four two, one eight eight one.",
         "phi.code"),  # digits spelled out
        ("Chart note: SSN 412–66–\n  0193 (verify).", "phi.code"),  # broken over a line, en dashes
        ("Please fax her forms to ***-555-0112 as her mother asked.", "phi.phone"),  # masked area code
        ("Med Rec No. 554 018 needs a follow-up call.", "phi.mrn"),
        ("His Subaru's VIN ends in ...7KP219 per the accident report.", "phi.vehicle"),
        ("Portal username: rkowalski88 — he asked us to reset it.", "phi.account"),
        ("His daughter made a wishlist for his rehab stay: shop.example.com/wishlist/ls/7TQ3M2KP.", "phi.url"),
        ("Admission: 2025-03-04. Our patient went home two days later.", "phi.date"),
        ("A patient born in 1928 still drives herself to every appointment.", "phi.age"),
        ("Swipe to see the before-and-after photos of our bunion patient's feet.", "photo.review"),
        ("A volunteer injured responding to last week's grain elevator explosion is healing in our ICU.", "phi.unique"),
        ("The ferry captain on Cedar Point Island had his hip replaced last week.", "phi.unique"),
        ("A 63-year-old Peruvian-born male veterinarian from our town is recovering from bypass surgery.", "phi.unique"),
        ("His heartbeat signature was used to unlock his pump's app.", "phi.biometric"),
    ])
    def test_identifiers_in_new_shapes(self, text, rule):
        assert rule in rules(text)

    @pytest.mark.parametrize("text", [
        # the practice's own lines, shared mailboxes and other sites, not on the configured list
        "Questions about billing? Call our billing team at (555) 010-2200.",
        "Records requests: fax our records department at 555-010-2299.",
        "Press inquiries go to media@riverbend-health.example.",
        "Our Westside location (80 Commerce Drive) opens at 8.",
        # staff and professionals in their role
        "Please welcome Dr. Hana Sato, our newest dermatologist!",
        "Pharmacist Omar Haddad will answer medication questions in the lobby on Friday.",
        "Congratulations to Joan Pike, RN, on her wound-care certification.",
        # private addresses given as an example, a build number, a date long past, a recalled lot
        "If the guest Wi-Fi page does not open, type 192.168.0.1 into your browser.",
        "The old login page retires after build 12.0.0.0 ships.",
        "Clara Barton, born December 25, 1821, founded the American Red Cross.",
        "Recall: the manufacturer recalled glucose meters from lot 2024C; call us with questions.",
        # numbers that are lists, ranges, years or counting
        "The 2023–2024 season was mild; weeks 4, 5, 6 and 7 were the peak.",
        "Results: 12 14 16 18 20 22 24.",
        "One, two, three, four, five, six, seven: count your breaths.",
    ])
    def test_practice_staff_and_public_numbers_stay_clean(self, text):
        assert not rules(text)

    def test_a_near_miss_of_the_practice_number_is_still_flagged_in_its_own_voice(self):
        # the sample practice's number is (217) 555-0142: another extension is a typo or someone else's line
        assert "phi.phone" in rules("Call our nurse line at (217) 555-0142 ext. 9.")

    def test_a_clinician_name_one_letter_off_is_still_flagged(self):
        assert "phi.name" in rules("Dr. Okafer will see walk-ins on Saturday.")


class TestRoundFour:
    """Rules added while tuning on the even half of tests/phi_dev4.jsonl (docs/checks.md, round 4); each probe
    here is worded afresh. Thirteen failed before that round; the others (the commander, Simone Biles, the eponyms)
    passed already and guard the new rules' neighbours."""

    @pytest.mark.parametrize("text, rule", [
        # a family placed in a named subdivision, a household by surname, a home visit to a duplex
        ("Thanks to the family in the Quail Hollow subdivision who ran the diaper drive after their own scare.", "phi.address"),
        ("Our outreach nurse has been seeing the Castellano household every week since the surgery.", "phi.name"),
        ("On a home visit our nurse met the twins at the Birchwood Lane duplexes off Route 9.", "phi.address"),
        ("His chart shows medical record # as 55-201-993; bring it to the specialist.", "phi.mrn"),
        # roles and one-off titles that point to one person
        ("The pueblo's council chairman let us share that his sugars are finally steady.", "phi.unique"),
        ("The retired commander of the city's harbor patrol unit is now in our memory clinic, and he still jokes with us.",
         "phi.unique"),
        ("The 2023 Iron Chef Kids winner, who is also a heart transplant recipient, is now in our cardiac rehab program.",
         "phi.unique"),
        ("A 6-foot-10 former college center is learning to live with Marfan syndrome in our cardiology clinic.", "phi.unique"),
        # a photo of one person, with no word for a photo
        ("Swipe to see Mateo's face before and after his eczema treatment! #skinwins", "photo.review"),
        ("Photo: a participant in our memory-care walking group, close-up, holding her finish-line medal.", "photo.review"),
        # advice: a clearance for one reader, a medicine started after a dash
        ("Replying to Dana: with that ankle history, you're fine to go back to trail running next week.", "advice.individual"),
        ("Your stage fright sounds mild — start propranolol 10 mg an hour before the recital.", "advice.individual"),
    ])
    def test_flagged(self, text, rule):
        assert rule in rules(text)

    @pytest.mark.parametrize("text", [
        # public figures in public life
        "Olympic gold medalist Simone Biles has spoken about ADHD medication, which opened conversations for teens.",
        # a clinician's biography
        "Welcome Dr. Lena Marsh, our new internist! She trained in Albuquerque and loves backcountry skiing.",
        # software versions shaped like addresses, and eponyms
        "Our check-in kiosks run KioskOS 172.16.4.2; if a screen freezes, tell the front desk.",
        "Kegel exercises and Braxton Hicks contractions come up at every prenatal class.",
    ])
    def test_clean(self, text):
        assert not rules(text), rules(text)


class TestRoundFive:
    """Rules added while tuning on the even half of tests/phi_dev5.jsonl (docs/checks.md, round 5); each probe is
    worded afresh and failed before that round."""

    @pytest.mark.parametrize("text, rule", [
        ("mr. reginald fontenot dropped off a thank-you card after his crown was seated.", "phi.name"),
        ("Because your PSA screen came back high, you can cancel the follow-up scan and just recheck in a year.",
         "advice.individual"),
        ("Given how high your sugars are this week, eat no bread at all and skip the potluck.", "advice.individual"),
        ("Your pink eye will clear faster if you use 4 drops instead of the 2 on the bottle.", "advice.individual"),
        ("For that torn meniscus of yours, no running this season — stick to the bike.", "advice.individual"),
        ("Congratulations to our survivor from the Oak Terrace Apartments, unit 4, on three years cancer-free!",
         "phi.address"),
        ("A caregiver on Heron's Island whose wife finished radiation with us says the ferry rides were worth it.",
         "phi.address"),
        ("The Cypress Quarter dad who brought all three kids in on one Saturday deserves a medal.", "phi.address"),
    ])
    def test_flagged(self, text, rule):
        assert rule in rules(text)

    @pytest.mark.parametrize("text", [
        "Prince Harry's Invictus Games put a spotlight on recovery for wounded service members.",
        "Kensington Palace later shared news of the Princess of Wales's diagnosis.",
        "Our nurses run the Terry Fox Run team every September.",
        "LGBTQ+ young people can reach The Trevor Project 24/7 at 1-866-488-7386.",
        "Lobby Wi-Fi not connecting? The guest login page is at 192.168.1.1.",
        "Example: if a patient named Jane Doe calls after hours, the answering service pages the on-call nurse.",
        "Children's ibuprofen is typically about 10 mg/kg every 6-8 hours; use the chart on the box or as directed by your "
        "child's doctor.",
    ])
    def test_clean(self, text):
        assert not rules(text), rules(text)


class TestPublicFramesNeedThePublicPerson:
    """An adversarial review of rounds 4 and 5 (docs/checks.md) found public-life words that need not be about the
    named person ("got a lot of people asking", an occupation anywhere in the sentence, "Like X, many adults"), given
    names read as titles ("Earl"), an ellipsis joining a public clause to a patient's, funds named after patients,
    amounts read as old years, and any capitalised word before an IP address taken for a product. Each hid PHI."""

    @pytest.mark.parametrize("text, rule", [
        ("Maria Gonzalez's knee replacement on March 4, 2026 got a lot of people asking us about recovery.", "phi.name"),
        ("Maria Gonzalez, a retired actress from the community theater, had her hip replaced on May 2, 2026.", "phi.name"),
        ("Like Maria Gonzalez in Loami on 4/2/2026, many adults ignore chest pain.", "phi.name"),
        ("Earl Hartsock had a stroke on May 2, 2026, and is home now.", "phi.name"),
        ("Serena Williams has spoken publicly about blood clots... so did Maria Gonzalez after her knee surgery on "
         "March 4, 2026.", "phi.name"),
        ("The Brenda Yoakum Project raises money for her double mastectomy next month.", "phi.name"),
        ("Our patient Maria Gonzalez took 1000 mg of Tylenol after her knee surgery on March 4, 2026.", "phi.date"),
        ("The patient's tablet 73.14.22.9 kept opening the chart.", "phi.ip"),
        ("Her visits came from LaToya 73.14.22.9 every night.", "phi.ip"),
        # the second adversarial review of this session: titles that ordinary people hold, a crowd of patients
        ("Many of our patients have chatted with radio host Gary Pruett in the waiting room while he waits for his "
         "chemotherapy infusions.", "phi.name"),
        ("Fox News's Carol Dunn, who lives two streets over from the clinic, is being treated for HIV.", "phi.name"),
        ("Our home-health nurse now visits a widowed veteran on Duke of Gloucester Street who can no longer manage his "
         "stairs after the amputation.", "phi.address"),
        ("His echo today showed a leaking valve, and Walter Briggs will have surgery next month.", "phi.date"),
    ])
    def test_flagged(self, text, rule):
        assert rule in rules(text)

    @pytest.mark.parametrize("text", [
        "Meghan, Duchess of Sussex, wrote about her miscarriage in a 2020 New York Times essay.",  # a title's place
        # a year with an initial after it is still a year ("W." before a street name is what "at" tells apart)
        "In 1921 N. Paulescu in Bucharest described pancreine, months before Banting and Best treated Leonard Thompson.",
    ])
    def test_the_peerage_the_today_show_and_history(self, text):
        assert not rules(text) & {"phi.name", "phi.address", "phi.date"}

    def test_the_today_show_is_a_programme_not_a_day(self):
        assert "phi.date" not in rules("Hoda Kotb talked about her breast cancer surgery on the Today show in 2007.")

    @pytest.mark.parametrize("text, rule", [
        # a care encounter ties even a titled name to the practice
        ("Olympic snowboarder Chloe Kim was in for her follow-up shoulder imaging today with Dr. Thackeray.", "phi.name"),
        # a house number is no year long past ("history" would drop every name in the sentence)
        ("Huge thanks to the dad at 1502 W. Sycamore who built our bookshelf after his daughter's long stay.", "phi.name"),
        ("Our patient Ruth Ames had her knee replaced today.", "phi.date"),
        ("The host Maria Gonzalez had a seizure at the dinner on May 2, 2026.", "phi.name"),  # "host" is no title
    ])
    def test_still_flagged(self, text, rule):
        assert rule in rules(text)

    def test_spanish_pages_keep_their_names(self):
        text = "Gracias a doña Rosario Meléndez, fan de Hollywood, por compartir su cirugía de cadera del 2 de mayo de 2026."
        assert {f.rule for f in scan_text(text, ALLOW, "es") if blocks_publication(f)} & {"phi.name", "phi.date"}
