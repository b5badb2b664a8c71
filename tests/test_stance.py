"""The rule coder on real sentences with the real spaCy parse: every action, every stance
cue family, negation, and the seed gold's own units."""

from __future__ import annotations

import pytest
import yaml

from conftest import shared_path
from stancemap.records import Statement
from stancemap.stance import code_statements, coding_to_json
from stancemap.stance.actions import action, action_names, load_actions
from stancemap.stance.coder import RuleCoder
from stancemap.stance.conflicts import resolve_conflict

KARABAKH = "armenia-azerbaijan"


def statement(sentence: str, speaker: str, mention: str | None = None, cue: str = "") -> Statement:
    return Statement(
        article_id="test", speaker=speaker, speaker_mention=mention or speaker, speaker_reason="test",
        cue=cue, sentence=sentence, sent_start=0, sent_end=len(sentence),
    )


@pytest.fixture(scope="module")
def coder(nlp):
    return RuleCoder(nlp)


def code(coder, sentence, speaker, mention=None, conflict=KARABAKH):
    c = coder.code(statement(sentence, speaker, mention), resolve_conflict(conflict))
    return [a.name for a in c.actions], {side: st.label for side, st in c.stance.items()}, c


# --- the action list --------------------------------------------------------------------


def test_action_list_is_the_readme_table_with_cameo_and_goldstein():
    names = action_names()
    assert names == [
        "statement", "decline_comment", "deny", "appeal_deescalation", "intent_cooperate", "offer_mediation",
        "consult", "endorse", "aid", "demand", "criticize", "accuse", "reject", "threaten", "military",
    ]
    roots = {n: load_actions()[n].root for n in names}
    assert roots["appeal_deescalation"] == "02" and roots["criticize"] == "11" and roots["military"] == "19"
    assert action("offer_mediation").cameo == "039"
    # cooperation scores above zero on Goldstein's scale, conflict below
    assert action("endorse").goldstein > 0 > action("accuse").goldstein > action("threaten").goldstein


# --- each action, on sentences written for these tests ---------------------------------

ACTION_CASES = [
    ("statement", "Nigel Ward", "Nigel Ward said the border region had been calm for a decade before the war."),
    ("decline_comment", "Government of Kazakhstan", "The Kazakh foreign ministry declined to comment on the fighting."),
    ("deny", "Government of Georgia", "Georgia denied reports that it had let military cargo cross its territory."),
    ("appeal_deescalation", "Antonio Guterres", "UN Secretary-General Antonio Guterres called for an immediate ceasefire."),
    ("intent_cooperate", "Recep Tayyip Erdogan", "Erdogan said Turkey would help Azerbaijan in every way it could."),
    ("offer_mediation", "Government of Kazakhstan", "Kazakhstan offered to host talks between the warring parties."),
    ("consult", "Charles Michel", "Charles Michel held a telephone conversation with Ilham Aliyev on Monday."),
    ("endorse", "Heiko Maas", "German Foreign Minister Heiko Maas welcomed the truce agreed in Moscow."),
    ("aid", "Government of France", "France sent humanitarian aid to the refugees on Friday."),
    ("demand", "Nikol Pashinyan", "Pashinyan demanded that Turkey withdraw its F-16 jets from the region."),
    ("criticize", "Emmanuel Macron", "Macron condemned the bombardment of civilian areas."),
    ("accuse", "Ministry of Defence of Armenia", "The Armenian defence ministry accused Azerbaijan of shelling Stepanakert."),
    ("reject", "Ilham Aliyev", "Aliyev rejected the proposal to deploy international observers."),
    ("threaten", "Hikmet Hajiyev", "Hajiyev warned that Baku would retaliate against any further attack."),
    ("military", "Ministry of Defence of Azerbaijan", "The Azerbaijani defence ministry said its forces launched a counter-offensive along the front."),
]


@pytest.mark.parametrize("expected,speaker,sentence", ACTION_CASES, ids=[c[0] for c in ACTION_CASES])
def test_each_action_is_found(coder, expected, speaker, sentence):
    actions, _stance, _ = code(coder, sentence, speaker)
    assert expected in actions


def test_actions_carry_cameo_and_goldstein(coder):
    _a, _s, c = code(coder, "UN Secretary-General Antonio Guterres called for an immediate ceasefire.", "Antonio Guterres")
    j = coding_to_json(c)
    assert j["actions"] == [{"name": "appeal_deescalation", "cameo": "0256", "goldstein": 3.0}]
    assert j["conflict"] == KARABAKH


def test_someone_elses_visit_is_not_the_speakers_consultation(coder):
    actions, _s, _ = code(coder, "When Aliyev visited Moscow in 2019, Lavrov praised the two countries' trade.", "Sergey Lavrov", "Lavrov")
    assert "consult" not in actions


# --- stance cue families ---------------------------------------------------------------


def test_explicit_side_taking_supports_one_side_and_opposes_the_other(coder):
    _a, stance, c = code(coder, "The Pakistani senate passed a resolution in support of Azerbaijan.", "Senate of Pakistan")
    assert stance == {"Azerbaijan": "support", "Armenia": "oppose"}
    assert "support of Azerbaijan" in c.stance["Azerbaijan"].cue
    _a, stance, _ = code(coder, "The French parliament sided with Armenia in a symbolic vote.", "French parliament")
    assert stance == {"Armenia": "support", "Azerbaijan": "oppose"}


def test_framing_takes_the_side_whose_framing_it_is(coder):
    _a, stance, _ = code(coder, 'Erdogan said the "occupied territories" had to be returned to their owners.', "Recep Tayyip Erdogan")
    assert stance == {"Azerbaijan": "support", "Armenia": "oppose"}
    _a, stance, _ = code(coder, 'The Greek foreign minister spoke of "Azerbaijani aggression" against the Armenian people.', "Nikos Dendias")
    assert stance.get("Azerbaijan") == "oppose"


def test_belligerent_framing_opposes_the_other_side_without_self_support(coder):
    _a, stance, _ = code(coder, "Aliyev said the occupied lands would not stay in foreign hands.", "Ilham Aliyev", "Aliyev")
    assert stance == {"Armenia": "oppose"}


def test_a_belligerent_claiming_its_own_cause_or_triumph_supports_its_side(coder):
    # liberation is the side's own triumph over the other: both
    _a, stance, _ = code(coder, "Aliyev said the army would liberate the occupied lands.", "Ilham Aliyev", "Aliyev")
    assert stance == {"Armenia": "oppose", "Azerbaijan": "support"}
    # self-determination is the side's own cause: support only
    _a, stance, _ = code(coder, "Yerevan says it is standing up for the self-determination of the Karabakh Armenians.",
                         "Government of Armenia", "Yerevan")
    assert stance == {"Armenia": "support"}
    # the other side's people only quote a framing: no stance from it
    _a, stance, _ = code(coder, "Pashinyan said Baku calls the region occupied territory.", "Nikol Pashinyan", "Pashinyan")
    assert stance.get("Azerbaijan") != "support"


def test_first_person_triumph_and_cheer(coder):
    _a, stance, _ = code(coder, '"We shall win, because our cause is just," the Armenian president told the crowd.',
                         "Armen Sarkissian", "the Armenian president")
    assert stance == {"Armenia": "support", "Azerbaijan": "oppose"}
    _a, stance, _ = code(coder, '"We are all proud of our brave soldiers," said Ramil Quliyev, a teacher in Baku.',
                         "Ramil Quliyev", "a teacher in Baku")
    assert stance == {"Azerbaijan": "support"}
    _a, stance, _ = code(coder, '"This is not a victory for anyone," the Armenian prime minister said.',
                         "Nikol Pashinyan", "the Armenian prime minister")
    assert stance == {}


def test_a_belligerent_is_never_neutral_on_its_own_war(coder):
    actions, stance, _ = code(coder, "Armenia said it was ready to observe a humanitarian ceasefire.", "Government of Armenia", "Armenia")
    assert stance == {}
    assert "appeal_deescalation" in actions


def test_a_third_party_worried_about_the_fighting_is_neutral(coder):
    _a, stance, _ = code(coder, "The Kazakh foreign minister said his country was deeply worried by the clashes.",
                         "Mukhtar Tileuberdi", "The Kazakh foreign minister")
    assert stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}
    _a, stance, _ = code(coder, "The Norwegian government also expressed concern.", "Government of Norway")
    assert stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}


def test_a_belligerent_blaming_anyone_over_the_war_opposes_its_enemy(coder):
    actions, stance, _ = code(coder, "Yerevan alleged that Ankara was flying Syrian fighters in to fight for Azerbaijan.",
                              "Government of Armenia", "Yerevan")
    assert stance == {"Azerbaijan": "oppose"}


def test_the_enemy_in_a_belligerents_mouth_is_the_other_side(coder):
    actions, stance, _ = code(coder, "The Azerbaijani defence ministry said the enemy shelled the town of Tartar overnight.",
                              "Ministry of Defence of Azerbaijan", "The Azerbaijani defence ministry")
    assert stance == {"Armenia": "oppose"}
    assert "accuse" in actions


def test_criticism_opposes_the_criticised_side_only(coder):
    actions, stance, _ = code(coder, "The Turkish foreign ministry condemned Armenia for the attack on Ganja.", "Government of Turkey")
    assert stance == {"Armenia": "oppose"}
    assert "criticize" in actions


def test_the_victim_of_a_condemned_act_is_not_opposed(coder):
    _a, stance, _ = code(coder, "The EU condemned the shelling of Stepanakert.", "European Union", "The EU")
    assert "Armenia" not in stance or stance["Armenia"] != "oppose"


def test_a_belligerent_reporting_the_other_sides_attack_accuses_it(coder):
    actions, stance, _ = code(
        coder, "The Armenian defence ministry said Azerbaijani forces shelled residential areas overnight.",
        "Ministry of Defence of Armenia", "The Armenian defence ministry",
    )
    assert "accuse" in actions
    assert stance == {"Azerbaijan": "oppose"}


def test_appeals_to_both_sides_are_neutral_on_both(coder):
    actions, stance, c = code(coder, "Pope Francis urged both sides to lay down their arms and return to talks.", "Pope Francis")
    assert "appeal_deescalation" in actions
    assert stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}
    assert set(c.targets) == {"Armenia", "Azerbaijan"}


def test_refraining_from_taking_sides_is_neutral(coder):
    actions, stance, _ = code(coder, "Georgia has refrained from taking sides in the conflict between its neighbours.", "Government of Georgia", "Georgia")
    assert stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}
    assert "decline_comment" in actions


def test_denying_aid_to_one_side_is_neutral(coder):
    actions, stance, _ = code(coder, "Iran denied that it had allowed trucks carrying weapons to Armenia to cross its territory.", "Government of Iran", "Iran")
    assert "deny" in actions and "aid" not in actions
    assert stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}


def test_offering_mediation_is_neutral(coder):
    actions, stance, _ = code(coder, "Kazakhstan offered to host talks between the warring parties.", "Government of Kazakhstan", "Kazakhstan")
    assert "offer_mediation" in actions
    assert stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}


def test_promised_help_to_one_side_supports_it(coder):
    _a, stance, _ = code(coder, "Erdogan said Turkey would help Azerbaijan in every way it could.", "Recep Tayyip Erdogan")
    assert stance.get("Azerbaijan") == "support"


def test_a_statement_about_nothing_on_the_sides_gets_no_label(coder):
    _a, stance, _ = code(coder, "The analyst said Iran shares borders with both countries.", "Some Analyst", "The analyst")
    assert stance == {}


# --- negation, hedges, conditionals ----------------------------------------------------


def test_negated_side_taking_is_no_support(coder):
    _a, stance, _ = code(coder, "Russia did not support Armenia in the war, Lavrov said.", "Sergey Lavrov", "Lavrov")
    assert stance.get("Armenia") != "support"


def test_negated_criticism_opposes_no_one(coder):
    _a, stance, _ = code(coder, "Moscow has never criticized Azerbaijan for the offensive.", "Government of Russia", "Moscow")
    assert "Azerbaijan" not in stance or stance["Azerbaijan"] != "oppose"


def test_silence_is_declining_comment_without_a_stance(coder):
    actions, stance, _ = code(coder, "The president himself has not said a word about the fighting.", "Kassym-Jomart Tokayev", "The president")
    assert "decline_comment" in actions
    assert stance == {}


def test_a_call_against_bloodshed_in_one_sides_framing_still_takes_that_side(coder):
    actions, stance, _ = code(coder, 'He said "the occupied lands must not be liberated at the cost of bloodshed."', "Ali Akbar Velayati", "He")
    assert "appeal_deescalation" in actions
    assert stance == {"Azerbaijan": "support", "Armenia": "oppose"}


# --- the seed gold, units given (real sentences, gold speakers) ---------------------------


def test_seed_gold_units(nlp):
    gold = yaml.safe_load(shared_path("gold", "seed.yaml").read_text(encoding="utf-8"))
    units = [u for u in gold["statements"] if not u.get("optional")]
    stmts = [statement(u["sentence"], u["speaker"]) for u in units]
    codings = code_statements(stmts, gold["conflict"], coder="rules", nlp=nlp)
    pairs = correct = spurious = predicted = tp = fp = fn = 0
    for u, c in zip(units, codings):
        pred = {s: st.label for s, st in c.stance.items()}
        for side in gold["conflict"]["sides"]:
            if side in (u.get("stance") or {}):
                pairs += 1
                correct += pred.get(side) == u["stance"][side]
            if side in pred:
                predicted += 1
                spurious += side not in (u.get("stance") or {})
        g, p = set(u["actions"]), {a.name for a in c.actions}
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    assert correct / pairs >= 0.85
    assert 2 * tp / (2 * tp + fp + fn) >= 0.80
    assert spurious / predicted <= 0.1


def test_code_statements_accepts_names_files_and_gold_mappings(nlp, tmp_path):
    st = statement("Pope Francis urged both sides to stop the fighting.", "Pope Francis")
    by_name = code_statements([st], KARABAKH, coder="rules", nlp=nlp)[0]
    by_gold = code_statements([st], {"name": "Karabakh 2020", "sides": ["Azerbaijan", "Armenia"]}, coder="rules", nlp=nlp)[0]
    assert by_name.stance.keys() == by_gold.stance.keys() == {"Armenia", "Azerbaijan"}
    assert by_gold.conflict == KARABAKH  # the gold's sides are the catalogue conflict's


# --- whose doing: reported side-taking, asides, reciprocal blame ------------------------


def test_side_taking_reported_of_someone_else_is_not_the_speakers(coder):
    _a, stance, _ = code(coder, "Armenian officials alleged that Turkey was fighting on the side of Azerbaijan.", "Government of Armenia", "Armenian officials")
    assert stance.get("Azerbaijan") != "support"
    _a, stance, _ = code(coder, "Pashinyan said Ankara openly backs Azerbaijan.", "Nikol Pashinyan", "Pashinyan")
    assert stance.get("Azerbaijan") != "support"


def test_an_aside_about_someone_else_is_not_the_speakers_position(coder):
    _a, stance, _ = code(coder, "Turkey, which has openly backed Azerbaijan, will take part in monitoring, Putin said.", "Vladimir Putin", "Putin")
    assert stance == {}


def test_mutual_blame_by_a_belligerent_opposes_the_other_side(coder):
    text = "Armenia and Azerbaijan accused each other of shelling civilian areas."
    _a, by_third, _ = code(coder, text, "Keyhan", "the paper")
    assert by_third == {"Armenia": "neutral", "Azerbaijan": "neutral"}
    _a, by_armenia, _ = code(coder, text, "Government of Armenia", "Armenia")
    assert by_armenia == {"Azerbaijan": "oppose"}


def test_a_conditional_threat_opposes_the_side_it_is_aimed_at(coder):
    actions, stance, _ = code(coder, "Cavusoglu said that if Armenia keeps violating the truce, it will bear the consequences.", "Mevlut Cavusoglu", "Cavusoglu")
    assert "threaten" in actions
    assert stance == {"Armenia": "oppose"}


# --- other conflicts of the catalogue ----------------------------------------------------


def test_other_catalogue_conflicts_code_with_their_own_aliases(coder):
    _a, stance, _ = code(coder, "Scholz said Germany stands firmly with Ukraine and condemned Russia's war of aggression.",
                         "Olaf Scholz", conflict="russia-ukraine")
    assert stance == {"Ukraine": "support", "Russia": "oppose"}
    actions, stance, _ = code(coder, "Qatar said it was ready to mediate between Israel and Hamas.", "Government of Qatar", "Qatar",
                              conflict="israel-hamas")
    assert "offer_mediation" in actions and stance == {"Israel": "neutral", "Hamas": "neutral"}


def test_an_accusation_of_atrocities_opposes_the_accused_without_backing_the_other_side(coder):
    _a, stance, _ = code(coder, "South Africa accused Israel of genocide in Gaza.", "Government of South Africa", "South Africa",
                         conflict="israel-hamas")
    assert stance == {"Israel": "oppose"}


# --- whom the speaker speaks for --------------------------------------------------------


def test_the_speakers_country_comes_from_the_name_before_the_sides_it_mentions(coder):
    _a, stance, _ = code(coder, "The clerics declared that Azerbaijan's move to recapture the region is completely legal.",
                         "Khamenei's representatives in Iranian Azerbaijan", "The clerics")
    assert stance == {"Azerbaijan": "support", "Armenia": "oppose"}  # Iranian clerics: no self-support rule applies


@pytest.mark.parametrize("speaker, mention, country", [
    ("Jane Doe", "British Foreign Secretary Jane Doe", "United Kingdom"),  # the title's adjective
    ("a source at Damascus Police Command", None, "Syria"),  # a capital in a description
    ("protesters in Yerevan", None, "Armenia"),
    ("William Hague", None, None),  # a capital after a given name is a surname
    ("Jack London", None, None),
    ("OSCE Minsk Group co-chairs", None, None),  # a known international body: its city is no country
])
def test_the_speakers_country_from_the_words_of_its_name(coder, speaker, mention, country):
    assert coder.speaker_country(statement("They spoke.", speaker, mention or speaker)) == country


def test_stored_actors_tell_whom_an_unknown_speaker_speaks_for(nlp):
    from stancemap.records import Actor

    st = statement("Mkrtchyan said Turkey stands with Azerbaijan.", "Ruben Mkrtchyan", "Mkrtchyan")
    unknown = code_statements([st], KARABAKH, coder="rules", nlp=nlp)[0]
    known = code_statements([st], KARABAKH, coder="rules", nlp=nlp, actors=[Actor("Ruben Mkrtchyan", country="Armenia")])[0]
    assert unknown.stance["Azerbaijan"].label == "support"  # a state as doer, speaker's country unknown: taken as the speaker's
    assert "Azerbaijan" not in known.stance or known.stance["Azerbaijan"].label != "support"  # an Armenian reporting Turkey's side


def test_a_phone_call_to_the_leaders_is_a_consultation_with_them(coder):
    actions, _stance, c = code(coder, "On Friday, Macron called Nikol Pashinyan and Ilham Aliyev.", "Emmanuel Macron", "Macron")
    assert "consult" in actions and "appeal_deescalation" not in actions
    assert "Nikol Pashinyan" in c.targets


def test_naming_a_side_a_threat_opposes_it_without_a_threat_action(coder):
    actions, stance, _ = code(coder, "Erdogan said Armenia was the biggest threat to peace in the Caucasus.", "Recep Tayyip Erdogan")
    assert stance == {"Armenia": "oppose"}
    assert "threaten" not in actions


def test_a_speakers_condition_is_read_as_the_speakers_words(coder):
    _a, stance, _ = code(coder, "Aliyev said the army would not stop until Armenia left the occupied territories.", "Ilham Aliyev", "Aliyev")
    assert stance == {"Armenia": "oppose"}


# --- a belligerent's threats, gains and strikes; third parties' words on deals ----------

BELLIGERENT_THREATS = [
    ("Ilham Aliyev", "Aliyev", '"We will drive them out of every village," Aliyev told soldiers.'),
    ("Ilham Aliyev", "Aliyev", "Aliyev said the offensive would go on until the last district was back."),
    ("Jeyhun Bayramov", "Bayramov", "Bayramov said Baku intends to take back the remaining districts."),
    ("Government of Armenia", "Yerevan", 'Yerevan said it would take "all possible measures" to defend Stepanakert.'),
    ("Artsrun Hovhannisyan", "Hovhannisyan", '"Our answer will be swift," Hovhannisyan said.'),
]


@pytest.mark.parametrize("speaker,mention,sentence", BELLIGERENT_THREATS, ids=[c[2][:30] for c in BELLIGERENT_THREATS])
def test_a_belligerents_resolve_threatens_and_opposes_the_other_side(coder, speaker, mention, sentence):
    actions, stance, _ = code(coder, sentence, speaker, mention)
    assert "threaten" in actions
    enemy = "Armenia" if "Azerbaijan" in str(resolve_conflict(KARABAKH).sides_in(speaker + " " + mention)) else "Azerbaijan"
    assert stance.get(enemy) == "oppose"


def test_the_same_resolve_from_a_third_party_is_no_threat(coder):
    actions, stance, _ = code(coder, "The analyst said the offensive would go on for weeks.", "Tom de Waal", "The analyst")
    assert "threaten" not in actions
    assert stance == {}


def test_a_belligerents_announced_gain_and_strike_on_the_enemy_oppose_it(coder):
    actions, stance, _ = code(coder, "Aliyev announced on television that the village of Talish had been captured.", "Ilham Aliyev", "Aliyev")
    assert "military" in actions and stance == {"Armenia": "oppose"}
    actions, stance, _ = code(coder, "The Armenian defence ministry said its units destroyed three Azerbaijani tanks.",
                              "Ministry of Defence of Armenia", "The Armenian defence ministry")
    assert "military" in actions and stance == {"Azerbaijan": "oppose"}
    actions, stance, _ = code(coder, '"There is a military solution, and we are carrying it out," Aliyev said.', "Ilham Aliyev", "Aliyev")
    assert "military" in actions and stance.get("Armenia") == "oppose"
    actions, _stance, _ = code(coder, '"There is no military solution to this conflict," Aliyev said, quoting the mediators.', "Ilham Aliyev", "Aliyev")
    assert "military" not in actions


def test_punishment_promised_is_a_threat(coder):
    actions, _stance, _ = code(coder, "The minister said those who looted the shops would be found and held accountable.",
                               "Government of Georgia", "The minister")
    assert "threaten" in actions


def test_who_did_it_in_a_cleft_sentence(coder):
    actions, stance, _ = code(coder, "According to Baku, it was Armenian troops that shelled the city of Barda.",
                              "Government of Azerbaijan", "Baku")
    assert "accuse" in actions and stance == {"Armenia": "oppose"}
    assert "statement" not in actions


def test_responsibility_laid_on_a_side_accuses_it(coder):
    actions, stance, _ = code(coder, "The EU envoy said the responsibility for the escalation lies squarely with Baku.", "Toivo Klaar", "The EU envoy")
    assert "accuse" in actions and stance == {"Azerbaijan": "oppose"}


def test_halting_arms_to_a_side_is_a_demand_against_it(coder):
    actions, stance, _ = code(coder, "Senator Ruth Calloway urged Washington to halt all arms sales to Azerbaijan.", "Ruth Calloway")
    assert "demand" in actions and stance == {"Azerbaijan": "oppose"}


def test_a_good_word_for_a_deal_is_an_endorsement_neutral_on_both(coder):
    actions, stance, _ = code(coder, "The Kazakh foreign minister said the truce was an important step towards peace.",
                              "Mukhtar Tileuberdi", "The Kazakh foreign minister")
    assert actions == ["endorse"] and stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}
    actions, _stance, _ = code(coder, "Germany welcomed the ceasefire agreement reached in Moscow.", "Government of Germany", "Germany")
    assert actions == ["endorse"]


def test_what_a_deal_is_for_is_no_appeal(coder):
    actions, _stance, _ = code(coder, "The Russian defence ministry said it was deploying 1,500 peacekeepers under the accord to stop the fighting.",
                               "Ministry of Defence of Russia", "The Russian defence ministry")
    assert "military" in actions and "appeal_deescalation" not in actions


def test_more_ways_to_appeal_and_offer_mediation(coder):
    actions, stance, _ = code(coder, '"The only way forward for both countries is dialogue," the Georgian premier wrote.',
                              "Giorgi Gakharia", "the Georgian premier")
    assert "appeal_deescalation" in actions and stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}
    actions, _stance, _ = code(coder, "The Pope called for a pause in the fighting over Christmas.", "Pope Francis", "The Pope")
    assert "appeal_deescalation" in actions
    actions, stance, _ = code(coder, "Kazakhstan said it was prepared to play the role of mediator.", "Government of Kazakhstan", "Kazakhstan")
    assert "offer_mediation" in actions and stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}


def test_declining_to_give_details_and_demanding_an_inquiry(coder):
    actions, _stance, _ = code(coder, "The Kremlin confirmed the call but did not give any details.", "Government of Russia", "The Kremlin")
    assert "decline_comment" in actions
    actions, _stance, _ = code(coder, "Amnesty called for an independent investigation into the strike on the maternity hospital.",
                               "Amnesty International", "Amnesty")
    assert "demand" in actions


def test_a_promise_to_stand_by_an_ally_is_both_endorsement_and_intent(coder):
    actions, stance, _ = code(coder, "Erdogan said Turkey would stand by brotherly Azerbaijan until the end.", "Recep Tayyip Erdogan", "Erdogan")
    assert {"endorse", "intent_cooperate"} <= set(actions)
    assert stance == {"Azerbaijan": "support", "Armenia": "oppose"}


def test_a_de_facto_authoritys_body_speaks_for_its_side(coder):
    actions, stance, _ = code(coder, "The defence ministry of the breakaway region said its troops were holding the line and accused Azerbaijan of shelling Martuni.",
                              "Ministry of Defence of Nagorno-Karabakh", "The defence ministry of the breakaway region")
    assert "accuse" in actions and stance == {"Azerbaijan": "oppose"}
    # the territory's name in a sentence still names no side
    _a, stance, _ = code(coder, "The Swiss government said it was worried about the fighting in Nagorno-Karabakh.", "Government of Switzerland")
    assert stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}


def test_a_conflict_file_may_list_speaker_words_of_a_side(tmp_path, coder):
    path = tmp_path / "war.yaml"
    path.write_text(yaml.safe_dump({
        "id": "ruritania-borduria", "title": "Ruritania - Borduria",
        "sides": [{"name": "Ruritania", "aliases": ["Ruritania", "Ruritanian"], "speakers": ["Zenda Valley"]},
                  {"name": "Borduria", "aliases": ["Borduria", "Bordurian"]}],
    }), encoding="utf-8")
    actions, stance, _ = code(coder, "The Zenda Valley council said Bordurian artillery shelled the school.",
                              "Council of the Zenda Valley", conflict=str(path))
    assert stance == {"Borduria": "oppose"} and "accuse" in actions


def test_a_belligerent_defending_its_own_side_states_nothing_new(coder):
    actions, stance, _ = code(coder, "Aliyev condemned the shelling of Tartar by Armenia and vowed to protect Azerbaijan's people.", "Ilham Aliyev", "Aliyev")
    assert stance == {"Armenia": "oppose"}


def test_a_sentence_attributed_as_a_whole_holds_the_acts_not_a_bare_saying(coder):
    actions, _stance, _ = code(coder, "Martial law was declared across the country, as announced by the Armenian prime minister on Sunday.",
                               "Nikol Pashinyan", "the Armenian prime minister")
    assert actions == ["military"]
    actions, stance, _ = code(coder, "Residents fled to shelters after Azerbaijani drones struck the market, according to Karabakh officials.",
                              "Government of Nagorno-Karabakh", "Karabakh officials", )
    assert "accuse" in actions and stance == {"Azerbaijan": "oppose"}


def test_cutting_off_arms_to_a_side_opposes_it_even_worded_as_a_negation(coder):
    actions, stance, _ = code(coder, '"Europe cannot continue selling weapons and drones to Turkey and Azerbaijan," the MEP said.',
                              "Nathalie Loiseau", "the MEP")
    assert "demand" in actions and stance == {"Azerbaijan": "oppose"}
    actions, stance, _ = code(coder, "The senator urged Congress to stop arming Azerbaijan.", "Gary Peters", "The senator")
    assert "demand" in actions and stance == {"Azerbaijan": "oppose"}


def test_a_truce_made_conditional_on_withdrawal_demands_it(coder):
    actions, stance, _ = code(coder, "Baku made any truce conditional on the withdrawal of Armenian troops.", "Government of Azerbaijan", "Baku")
    assert "demand" in actions and stance == {"Armenia": "oppose"}


def test_a_demand_reported_of_someone_else_is_not_the_speakers(coder):
    _a, stance, _ = code(coder, "The analyst said Azerbaijan would keep pressing for Armenian forces to leave the region.",
                         "Tom de Waal", "The analyst")
    assert stance == {}


def test_a_quotation_continued_in_its_own_sentence_is_the_speakers_words(coder):
    actions, stance, _ = code(coder, "“Baku's relentless aggression against civilians has already cost hundreds of lives.",
                              "Gary Peters", "Peters")
    assert stance == {"Azerbaijan": "oppose"}


def test_both_sides_accusing_the_other_oppose_each_others_side(coder):
    _a, stance, _ = code(coder, "The truce collapsed within hours, with both sides accusing the other of shelling villages.",
                         "Government of Armenia", "both sides")
    assert stance == {"Azerbaijan": "oppose"}


def test_calls_with_counterparts_are_consultations(coder):
    actions, _s, _ = code(coder, "The Iranian foreign minister had phone calls with his Armenian and Azerbaijani counterparts on Friday.",
                          "Mohammad Javad Zarif", "The Iranian foreign minister")
    assert "consult" in actions


def test_a_belligerent_never_opposes_its_own_side(coder):
    _a, stance, _ = code(coder, "Baku said the shelling by Azerbaijani forces was a response to Armenian provocations.",
                         "Government of Azerbaijan", "Baku")
    assert stance.get("Azerbaijan") != "oppose"


def test_reiterating_a_countrys_support_for_a_side_is_an_endorsement(coder):
    actions, stance, _ = code(coder, "Cavusoglu spoke in Ankara, reiterating Turkey's full support for Baku.", "Mevlut Cavusoglu", "Cavusoglu")
    assert "endorse" in actions and stance == {"Azerbaijan": "support", "Armenia": "oppose"}


def test_a_description_inside_a_denunciation_is_part_of_it(coder):
    actions, _stance, _ = code(coder, "The Armenian foreign minister condemned what he called Azerbaijan's terror against civilians.",
                               "Ara Aivazian", "The Armenian foreign minister")
    assert "criticize" in actions and "statement" not in actions


def test_a_foreign_doer_named_by_its_nation_is_accused_and_the_active_conjunct_has_its_doer(coder):
    actions, stance, _ = code(coder, "Yerevan claimed that a Turkish drone struck a bus near Martakert, a claim Baku has denied.",
                              "Government of Armenia", "Yerevan")
    assert "accuse" in actions
    assert stance.get("Azerbaijan") != "support"
    actions, stance, _ = code(coder, "Armenian officials say Ankara is involved and is sending jihadists to the front.",
                              "Armenian officials")
    assert "accuse" in actions


def test_a_forecast_of_talks_is_no_appeal_but_a_third_party_on_the_peace_process_is_neutral(coder):
    actions, stance, _ = code(coder, "The Kazakh foreign minister said the two countries would begin talks next week.",
                              "Mukhtar Tileuberdi", "The Kazakh foreign minister")
    assert "appeal_deescalation" not in actions
    assert stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}
    actions, _stance, _ = code(coder, "Baku said it wanted the format of the talks changed.", "Government of Azerbaijan", "Baku")
    assert "appeal_deescalation" not in actions
    # under an appeal or a modal the same words are an appeal
    actions, _stance, _ = code(coder, "The Kazakh foreign minister said the two countries must begin talks at once.",
                               "Mukhtar Tileuberdi", "The Kazakh foreign minister")
    assert "appeal_deescalation" in actions


def test_a_country_named_in_the_subjects_tail_does_not_make_it_the_speaker(coder):
    actions, stance, _ = code(coder, "According to Lavrov, the accords signed by the leaders of Russia and Armenia made it possible to end the fighting.",
                              "Sergey Lavrov", "Lavrov")
    assert actions == ["endorse"] and stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}


def test_hostilities_are_not_hosting(coder):
    actions, _stance, _ = code(coder, "Both capitals traded blame amid calls worldwide to end the hostilities and open peace talks.",
                               "Government of Armenia", "Both capitals")
    assert "offer_mediation" not in actions


def test_a_verdict_on_a_sides_conduct_is_criticism_a_reported_act_an_accusation(coder):
    actions, stance, _ = code(coder, "The senator said Baku's aggression against civilians must end.", "Gary Peters", "The senator")
    assert "criticize" in actions and "accuse" not in actions and stance == {"Azerbaijan": "oppose"}
    actions, stance, _ = code(coder, "The Azerbaijani foreign ministry said shelling by Armenian forces had killed four people in Barda.",
                              "Ministry of Foreign Affairs of Azerbaijan", "The Azerbaijani foreign ministry")
    assert actions == ["accuse"] and stance == {"Armenia": "oppose"}


def test_insisting_against_what_was_just_said_is_a_denial(coder):
    actions, _stance, _ = code(coder, "Baku announced the capture of Hadrut, but Yerevan insisted that its troops still held the town.",
                               "Government of Armenia", "Yerevan")
    assert "deny" in actions


def test_a_call_made_to_talk_is_a_consultation_and_greeting_counterparts_too(coder):
    actions, _s, _ = code(coder, "The Kremlin said Putin called him on Monday to discuss the situation in the region.", "Vladimir Putin", "Putin")
    assert "consult" in actions
    actions, _s, _ = code(coder, "The Iranian foreign minister greeted his Armenian counterpart in Tehran.", "Mohammad Javad Zarif", "The Iranian foreign minister")
    assert "consult" in actions


def test_the_enemys_losses_announced_by_a_belligerent_are_its_military_action(coder):
    actions, stance, _ = code(coder, "Five Armenian tanks and two radar stations were destroyed overnight, the ministry said.",
                              "Ministry of Defence of Azerbaijan", "the ministry")
    assert "military" in actions and stance == {"Armenia": "oppose"}


def test_claims_called_a_lie_are_denied_and_a_sides_leaders_held_responsible(coder):
    actions, _s, _ = code(coder, 'Reports that its troops had entered Fuzuli were "a complete fabrication," the ministry added.',
                          "Ministry of Defence of Armenia", "the ministry")
    assert "deny" in actions
    actions, stance, _ = code(coder, "The Turkish minister said Armenia's rulers are entirely responsible for the new fighting.",
                              "Hulusi Akar", "The Turkish minister")
    assert "accuse" in actions and stance.get("Armenia") == "oppose"


def test_concern_expressed_in_the_passive_is_neutral(coder):
    _a, stance, _ = code(coder, "Deep concern about the clashes was expressed by the Lithuanian foreign ministry.",
                         "Ministry of Foreign Affairs of Lithuania", "the Lithuanian foreign ministry")
    assert stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}


def test_the_speaker_in_a_subordinate_clause_is_found_by_its_mention(coder):
    actions, stance, _ = code(coder, "Yerevan called for talks, while the parliament of Artsakh accused Baku of shelling Martuni.",
                              "Parliament of Nagorno-Karabakh", "the parliament of Artsakh")
    assert "accuse" in actions and stance == {"Azerbaijan": "oppose"}


def test_a_third_party_meeting_both_sides_is_neutral(coder):
    actions, stance, _ = code(coder, "The Iranian foreign minister met his Armenian and Azerbaijani counterparts in Moscow.",
                              "Mohammad Javad Zarif", "The Iranian foreign minister")
    assert "consult" in actions and stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}


def test_working_to_restore_a_truce_is_an_appeal(coder):
    actions, _s, _ = code(coder, "Yerevan said it was working with the co-chairs to restore the humanitarian truce.", "Government of Armenia", "Yerevan")
    assert "appeal_deescalation" in actions


def test_a_belligerents_army_gaining_ground_is_its_military_act_not_an_accusation(coder):
    actions, stance, _ = code(coder, "Aliyev said his army had liberated three more villages.", "Ilham Aliyev", "Aliyev")
    assert "military" in actions and "accuse" not in actions
    assert stance.get("Azerbaijan") == "support" and stance.get("Armenia") == "oppose"
    actions, _s, _ = code(coder, "Bayramov said the pause would take as long as the exchange of bodies.", "Jeyhun Bayramov", "Bayramov")
    assert "threaten" not in actions and "military" not in actions


def test_calling_the_parties_to_a_cessation_of_hostilities_is_an_appeal(coder):
    actions, stance, _ = code(coder, '"We call all parties to an immediate cessation of hostilities," the Latvian envoy said.',
                              "Ministry of Foreign Affairs of Latvia", "the Latvian envoy")
    assert "appeal_deescalation" in actions and stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}


def test_a_participle_glossing_an_act_is_no_separate_statement(coder):
    actions, _s, _ = code(coder, "Erdogan congratulated Azerbaijan on Tuesday, saying the victory belonged to the whole Turkic world.",
                          "Recep Tayyip Erdogan", "Erdogan")
    assert "endorse" in actions and "statement" not in actions


def test_condemning_help_sent_to_a_side_opposes_it_and_the_speaker_may_be_one_of_a_list(coder):
    actions, stance, _ = code(coder, "Greece and several EU leaders including Macron condemned the transfer of mercenaries to fight for Azerbaijan.",
                              "Emmanuel Macron", "Macron")
    assert "criticize" in actions and stance == {"Azerbaijan": "oppose"}


def test_the_speakers_name_inside_a_partitive_subject_makes_it_the_doer(coder):
    _a, stance, _ = code(coder, "On Monday, two of Erdogan's advisers issued a statement in support of Azerbaijan.",
                         "Erdogan's advisers", "Erdogan's advisers")
    assert stance == {"Azerbaijan": "support", "Armenia": "oppose"}


# --- quotations over several sentences ------------------------------------------------


def _quoted_article_codings(nlp, coder, body):
    """Statements extracted from `body` by the real extraction stage, each with its coding."""
    from stancemap.records import Article
    from stancemap.statements.extract import extract_article

    statements = extract_article(Article(body=body, published="2020-10-06"), nlp)
    conflict = resolve_conflict(KARABAKH)
    out = []
    for s in statements:
        c = coder.code(s, conflict)
        out.append((s.sentence, [a.name for a in c.actions], {side: st.label for side, st in c.stance.items()}))
    return out


def test_every_sentence_of_a_quoted_threat_is_coded_against_the_enemy(nlp, coder):
    body = ("Clashes went on through the night.\n\n"
            '"The enemy will pay a heavy price. We will not tolerate these provocations any longer. '
            'Our response will be harsh," Azerbaijani Defence Minister Zakir Hasanov said on Tuesday.\n')
    coded = _quoted_article_codings(nlp, coder, body)
    assert len(coded) == 3
    for sentence, actions, stance in coded:
        assert "threaten" in actions, sentence
        assert stance == {"Armenia": "oppose"}, sentence


def test_a_quoted_they_stands_for_the_side_named_earlier_in_the_quotation(nlp, coder):
    body = ('"Armenian troops shelled Tartar overnight. They targeted a school and a hospital," '
            "the Azerbaijani foreign ministry said.\n")
    coded = _quoted_article_codings(nlp, coder, body)
    assert [(a, s) for _t, a, s in coded] == [(["accuse"], {"Armenia": "oppose"})] * 2


def test_a_quotation_naming_the_speakers_own_country_is_still_its_words(nlp, coder):
    body = ('"Armenia will be held responsible for every village it shells. Armenian troops shelled '
            'Ganja again, and Ukraine will not stay silent. We stand with Azerbaijan," Ukrainian Foreign Minister Dmytro Kuleba said.\n')
    coded = _quoted_article_codings(nlp, coder, body)
    assert len(coded) == 3
    assert "threaten" in coded[0][1] and coded[0][2] == {"Armenia": "oppose"}
    # the quotation's middle sentence names the speaker's own country: still the speaker's
    # words, and "will not stay silent" is a warning, no silence
    assert "accuse" in coded[1][1] and "threaten" in coded[1][1] and "decline_comment" not in coded[1][1]
    assert coded[1][2] == {"Armenia": "oppose"}


def test_a_witness_story_in_quotation_takes_no_side(nlp, coder):
    body = ('"They came at night. We ran to the basement with the children," said Anna, a teacher from the town.\n')
    coded = _quoted_article_codings(nlp, coder, body)
    assert coded and all(stance == {} for _t, _a, stance in coded)


def test_forces_named_by_the_speakers_own_nation_act_for_its_side(coder):
    # the spokesman's mention holds "Armenian", and the doer is Armenia's forces: its military act
    actions, stance, _ = code(coder, "Armenian troops destroyed three Azerbaijani tanks near Hadrut, "
                              "Armenian defence ministry spokesman Artsrun Hovhannisyan said.",
                              "Artsrun Hovhannisyan", "Armenian defence ministry spokesman Artsrun Hovhannisyan")
    assert actions == ["military"] and stance == {"Azerbaijan": "oppose"}
    # a word shared with the speaker's name ("forces") does not make the enemy's forces the speaker
    actions, stance, _ = code(coder, "Azerbaijani forces kept shelling villages near Martuni overnight, the Karabakh armed forces said.",
                              "Armed Forces of Nagorno-Karabakh", "the Karabakh armed forces")
    assert "accuse" in actions and stance == {"Azerbaijan": "oppose"}


def test_a_claim_rejected_is_a_rejection_an_accusation_rejected_a_denial(coder):
    actions, _s, _ = code(coder, "The Georgian foreign ministry rejected claims that Tbilisi would join the talks as an observer.",
                          "Ministry of Foreign Affairs of Georgia", "The Georgian foreign ministry")
    assert "reject" in actions and "deny" not in actions
    actions, _s, _ = code(coder, "The Iranian foreign ministry dismissed reports that it had let weapons pass to Armenia.",
                          "Ministry of Foreign Affairs of Iran", "The Iranian foreign ministry")
    assert "deny" in actions and "reject" not in actions
    actions, _s, _ = code(coder, "The Azerbaijani defence ministry rejected the accusations as slander.",
                          "Ministry of Defence of Azerbaijan", "The Azerbaijani defence ministry")
    assert "deny" in actions and "reject" not in actions


def test_someone_elses_rejection_of_the_speakers_claim_is_not_the_speakers(coder):
    actions, _s, _ = code(coder, "Moscow rejected claims from Ankara that Turkish troops would patrol the region.",
                          "Government of Turkey", "Ankara")
    assert "deny" not in actions and "reject" not in actions


def test_a_belligerents_strike_is_aimed_at_the_enemy_named_first_in_a_misparsed_object(nlp, coder):
    """The small model sometimes hangs the closing speaker tag under the verb's object ("hit
    three Azeri helicopters, ..., Armenian ... spokeswoman X said"): the object names the
    enemy first, and the tag's own nation does not make the strike aimless."""
    from spacy.tokens import Doc

    sentence = ("Armenian forces hit three Azeri helicopters, five tanks and 11 drones, "
                "Armenian Defense Ministry spokeswoman Shushan Stepanyan said.")
    parsed = nlp(sentence)
    heads = [t.head.i for t in parsed]
    deps = [t.dep_ for t in parsed]
    # the parse seen on such sentences: the tag's name an apposition of the object's last conjunct
    drones = next(t.i for t in parsed if t.text == "drones")
    name = next(t.i for t in parsed if t.text == "Stepanyan")
    comma = name - 6
    assert parsed[comma].text == "," and deps[name] == "nsubj"
    heads[comma], heads[name], deps[name] = drones, drones, "appos"
    doc = Doc(nlp.vocab, words=[t.text for t in parsed], spaces=[bool(t.whitespace_) for t in parsed],
              heads=heads, deps=deps, pos=[t.pos_ for t in parsed], tags=[t.tag_ for t in parsed],
              lemmas=[t.lemma_ for t in parsed], ents=[t.ent_iob_ + ("-" + t.ent_type_ if t.ent_type_ else "") for t in parsed])
    st = statement(sentence, "Shushan Stepanyan", "Armenian Defense Ministry spokeswoman Shushan Stepanyan")
    c = coder.code(st, resolve_conflict(KARABAKH), doc)
    assert [a.name for a in c.actions] == ["military"]
    assert {side: s.label for side, s in c.stance.items()} == {"Azerbaijan": "oppose"}


def test_a_title_naming_someone_else_is_not_the_speakers_own_office(coder):
    # a newspaper relaying what another country's president or minister did does not do it itself
    actions, stance, _ = code(coder, "Le Monde reported that Turkish President Recep Tayyip Erdogan had praised the Azerbaijani army.",
                              "Le Monde")
    assert "endorse" not in actions and stance == {}
    actions, stance, _ = code(coder, "The newspaper wrote that Russian Foreign Minister Sergey Lavrov welcomed the truce.",
                              "Le Monde", "The newspaper")
    assert "endorse" not in actions and stance == {}
    # the speaker country's own president still acts for it
    actions, stance, _ = code(coder, "French President Emmanuel Macron called for a lasting political solution to the conflict.",
                              "Government of France", "France")
    assert "appeal_deescalation" in actions


def test_insisting_on_what_was_the_case_is_no_appeal(coder):
    speaker, mention = "Ministry of Defence of Nagorno-Karabakh", "The Karabakh defence ministry"
    actions, _s, _ = code(coder, "The Karabakh defence ministry insisted its units were observing the truce along the whole front.",
                          speaker, mention)
    assert "appeal_deescalation" not in actions
    actions, _s, _ = code(coder, "The Karabakh defence ministry insisted that the parties must return to negotiations.", speaker, mention)
    assert "appeal_deescalation" in actions
    actions, _s, _ = code(coder, "The Karabakh defence ministry stressed the need for a ceasefire.", speaker, mention)
    assert "appeal_deescalation" in actions


def test_a_condition_put_is_no_accusation_and_the_threat_falls_on_who_is_to_pay(coder):
    actions, stance, _ = code(coder, "Ankara said Armenia will pay the price if it breaks the truce agreed with Azerbaijan.",
                              "Government of Turkey", "Ankara")
    assert "threaten" in actions and "accuse" not in actions and stance == {"Armenia": "oppose"}
    actions, stance, _ = code(coder, "Baku threatened to hit the Metsamor power plant if Armenian forces shelled its oil pipelines.",
                              "Government of Azerbaijan", "Baku")
    assert actions == ["threaten"] and stance == {"Armenia": "oppose"}
    # a condition that something goes on says it is happening: still an accusation
    actions, stance, _ = code(coder, '"If Armenia keeps shelling our towns, Azerbaijan will be forced to take adequate measures," the aide said.',
                              "Government of Azerbaijan", "Baku")
    assert "accuse" in actions and "threaten" in actions and stance == {"Armenia": "oppose"}


def test_someone_elses_insisting_in_a_condition_is_no_denial(coder):
    actions, _s, _ = code(coder, "Turkey said Azerbaijan wants peace, but if Armenia insists on keeping the occupied districts, it will pay the price.",
                          "Government of Armenia", "Yerevan")
    assert "deny" not in actions


def test_the_fighting_as_subject_of_a_modal_stop_is_an_appeal(coder):
    actions, stance, _ = code(coder, "The Swiss foreign ministry said hostilities should cease at once.",
                              "Government of Switzerland", "The Swiss foreign ministry")
    assert "appeal_deescalation" in actions and stance == {"Armenia": "neutral", "Azerbaijan": "neutral"}
    # a report that it stopped appeals for nothing
    actions, _s, _ = code(coder, "The Swiss foreign ministry said the fighting had stopped by the evening.",
                          "Government of Switzerland", "The Swiss foreign ministry")
    assert "appeal_deescalation" not in actions


def test_a_gain_announced_is_the_act_itself_unless_the_speaker_says_so_in_the_first_person(coder):
    actions, stance, _ = code(coder, "The Azerbaijani defence ministry announced that two villages near Fuzuli had been recaptured.",
                              "Ministry of Defence of Azerbaijan", "The Azerbaijani defence ministry")
    assert actions == ["military"] and stance == {"Armenia": "oppose"}
    actions, stance, _ = code(coder, '"I am glad to tell you that the village of Talish has been liberated," Aliyev said.',
                              "Ilham Aliyev", "Aliyev")
    assert set(actions) == {"statement", "military"} and stance.get("Armenia") == "oppose"


def test_a_with_clause_names_the_doer_of_its_participle_inside_anothers_clause(nlp, coder):
    """"..., as the shelling went on, with Tokayev speaking by phone to Aliyev": the call is
    Tokayev's though it hangs inside a clause about the shelling (the parse the model gives
    such sentences: the "with" phrase and the participle under the "as" clause)."""
    from spacy.tokens import Doc

    sentence = ("Diplomatic contacts multiplied as the shelling went on, with Kazakh President "
                "Kassym-Jomart Tokayev on Monday speaking by phone to Ilham Aliyev.")
    parsed = nlp(sentence)
    idx = {t.text: t.i for t in parsed}
    heads, deps = [t.head.i for t in parsed], [t.dep_ for t in parsed]
    tags = [t.tag_ for t in parsed]
    root, clause = idx["multiplied"], idx["went"]
    heads[root], deps[root], tags[root] = root, "ROOT", "VBD"
    heads[idx["contacts"]], deps[idx["contacts"]] = root, "nsubj"
    heads[idx["as"]], deps[idx["as"]] = clause, "mark"
    heads[idx["shelling"]], deps[idx["shelling"]] = clause, "nsubj"
    heads[clause], deps[clause] = root, "advcl"
    heads[idx["."]] = root
    for word in ("with", "speaking", ",", "on"):
        heads[idx[word]] = clause
    doc = Doc(nlp.vocab, words=[t.text for t in parsed], spaces=[bool(t.whitespace_) for t in parsed], heads=heads, deps=deps,
              pos=["VERB" if i == root else t.pos_ for i, t in enumerate(parsed)], tags=tags, lemmas=[t.lemma_ for t in parsed],
              ents=[t.ent_iob_ + ("-" + t.ent_type_ if t.ent_type_ else "") for t in parsed])
    st = statement(sentence, "Kassym-Jomart Tokayev", "Kazakh President Kassym-Jomart Tokayev")
    c = coder.code(st, resolve_conflict(KARABAKH), doc)
    assert "consult" in [a.name for a in c.actions]


def test_an_adverbial_clause_after_a_rejected_claim_is_not_part_of_the_claim(coder):
    # "support" in the tacked-on "as ..." clause does not make the claim one of involvement
    actions, _s, _ = code(coder, "Georgia has rejected claims from Azerbaijan that its border guards will also monitor the corridor, "
                          "as Baku looks to turn its military support from Ankara into greater leverage in the region.",
                          "Government of Georgia", "Georgia")
    assert "reject" in actions and "deny" not in actions
