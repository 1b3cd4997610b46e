"""Danish demo content for the follow-up of the two selected prototypes (data only).

Times are days before loading ("days ago"; negative: ahead). The decision was published about
300 days before loading (``hackathon.demo.followup.SHIFT``). The story follows the seeds'
account of Familiens Broer: the participants, the two main goals, what went well and what did
not, the standby when the municipality re-prioritised, and the missing financing for three GPs
and a follow-up evaluation. People are the invented ones of ``content.py``.
"""

COMMITTEE = "Samordningsudvalget for psykiatri (kommunerne og Region Hovedstaden)"

FAMILIENS_BROER: dict = {
    "contacts": [
        {"name": "Marianne Holst Poulsen", "organisation": "gladsaxe-kommune", "invited": 299,
         "accepted": True},
        {"name": "Dorthe Winther", "organisation": "region-hovedstadens-psykiatri",
         "invited": 299, "accepted": True},
        {"name": "Nadia Rasmussen", "organisation": "region-hovedstadens-psykiatri",
         "invited": 250},
        {"name": "Karen Lykkegaard", "organisation": "samordningsudvalg", "invited": 250},
        {"name": "Peter Vinther Lund", "organisation": "laegehuset-soeborg", "invited": 250,
         "accepted": True},
    ],
    "trial_actions": [
        {
            "status": "done", "planned": 275, "done": 272,
            "citizen_group": (
                "Socialt udsatte familier i Gladsaxe, hvor en forælder har psykiske problemer "
                "(fire case-familier, som har givet samtykke)"
            ),
            "citizen_count": 4,
            "by_whom": "Familierådgiver, egen læge og psykiatrisk konsulent",
            "what_happened": (
                "To af de fire familier kom i behandling inden for tre uger. I de to andre "
                "manglede egen læge på mødet, fordi lægernes tid ikke kunne honoreres."
            ),
            "learned": (
                "Sparringsmødet virker, når alle tre sektorer sidder med. Samtykkeerklæringen "
                "skulle skrives om til et sprog, forældrene forstår."
            ),
            "citizen_input": (
                "En mor: »Det var første gang, jeg ikke skulle fortælle det hele forfra. De havde "
                "talt sammen, før jeg kom.«"
            ),
        },
        {
            "what": (
                "Direkte telefonlinje fra de praktiserende læger til en fast familierådgiver i "
                "Gladsaxe Kommune, med én side om kommunale og regionale tilbud."
            ),
            "status": "done", "planned": 215, "done": 180,
            "place": "Lægehuset Søborg og Familierådgivningen, Gladsaxe Rådhus",
            "citizen_group": "Familier, som lægerne ringede om",
            "citizen_count": 7,
            "by_whom": "Praksiskonsulenten og en familierådgiver",
            "what_happened": (
                "Lægerne ringede 11 gange på tre måneder; syv familier fik en samtale i "
                "familierådgivningen inden for en uge."
            ),
            "learned": (
                "Lægerne bruger linjen, når der sidder en kendt person i den anden ende. Én side "
                "med tilbud var nok – de lange oversigter blev ikke læst."
            ),
            "citizen_input": (
                "En far: »Min læge ringede, mens jeg sad der. Så vidste jeg, at der skete noget.«"
            ),
        },
        {
            "what": (
                "Praksiskonsulenten præsenterer prototypen og tilbudsoversigten i de "
                "praktiserende lægers kvalitetsklynge."
            ),
            "status": "done", "planned": 160, "done": 158,
            "place": "Kvalitetsklyngen for almen praksis i Gladsaxe",
            "by_whom": "Peter Vinther Lund, praksiskonsulent",
            "what_happened": (
                "Ni læger fra fire praksis deltog. Tre ville gerne være med i sparringsmøderne, "
                "hvis deres tid blev honoreret."
            ),
            "learned": (
                "Almen praksis skal med i udviklingen, ikke kun i afprøvningen – ellers skal "
                "lægerne købe ind på de andres behov uden selv at have ejerskab."
            ),
        },
        {
            "what": (
                "Fælles sparringsmøde med børne- og ungdomspsykiatrien og voksenpsykiatrien om "
                "familien som enhed."
            ),
            "status": "cancelled", "planned": 95,
            "place": "Børne- og Ungdomspsykiatrisk Center, Region Hovedstadens Psykiatri",
            "what_happened": "Aflyst, da kommunen satte sin deltagelse på standby.",
        },
    ],
    "milestones": [
        (260, "Fælles samtykkeerklæring godkendt af kommune, region og almen praksis", "done"),
        (130, "Midtvejsopsamling med forskningsenheden", "done"),
        (-150, "Gladsaxe Kommune beslutter, om deltagelsen genoptages", "planned"),
    ],
    "indicators": [
        {
            "name": "Dage fra bekymring til første behandlingskontakt",
            "unit": "dage", "side": "citizens", "baseline": 94.0, "target": 30.0,
            "higher_is_better": False, "created": 280,
            "measurements": [
                (270, 81.0, "De fire case-familier"),
                (210, 58.0, "Familier via telefonlinjen"),
                (150, 47.0, ""),
                (105, 44.5, "Sidste måling før standby"),
            ],
        },
        {
            "name": "Afviste henvisninger til psykiatrien pr. kvartal",
            "unit": "henvisninger", "side": "organisations", "baseline": 12.0, "target": 4.0,
            "higher_is_better": False, "created": 280,
            "measurements": [(240, 10.0, ""), (150, 7.0, "")],
        },
    ],
    # (years after the decision, organisation key, cost, saving) in whole DKK
    "business_case": [
        (0, "gladsaxe-kommune", 180000, 0),
        (0, "region-hovedstadens-psykiatri", 95000, 0),
        (0, "laegehuset-soeborg", 60000, 0),
        (1, "gladsaxe-kommune", 160000, 520000),
        (1, "region-hovedstadens-psykiatri", 80000, 150000),
        (1, "laegehuset-soeborg", 180000, 0),
    ],
    # (purpose, amount in DKK, secured, source)
    "funding": [
        ("Familierådgivernes tid til sparringsmøder (2 timer hver 14. dag)", 120000, True,
         "Gladsaxe Kommune, egen drift"),
        ("Psykiatrisk konsulent til sparringsmøderne", 95000, True,
         "Region Hovedstadens Psykiatri"),
        ("Honorering af tre praktiserende lægers deltagelse", 180000, False, ""),
        ("Følgeevaluering ved forskningsenheden i Region Hovedstadens Børne- og "
         "Ungdomspsykiatri", 450000, False, ""),
    ],
    "notes": [
        (265, ["shared_vocabulary"],
         "Vi brugte de første møder på at blive enige om, hvad en prototype og en prøvehandling "
         "er. Det var tid givet godt ud: i kommunen betød »prototype« et færdigt tilbud, i "
         "regionen et forskningsprojekt."),
        (230, ["problem_ownership", "organisation"],
         "Bostedskommunen er bedst rustet til at se familien som helhed – men kommunen skal have "
         "sin interne arbejdsdeling afklaret, før samarbejdet med regionen kan lykkes."),
        (200, ["citizen_voice"],
         "De fire case-familier gjorde problemet konkret. Da vi kun havde andenhåndsudsagn, blev "
         "vi enige om løsninger, der lå langt fra familiernes behov."),
        (170, ["process_ownership"],
         "Delt procesejerskab hjalp: kommunen og Børne- og Ungdomspsykiatrien skiftedes til at "
         "forberede sparringsmøderne."),
        (155, ["organisation"],
         "Opdelingen i børne- og voksenpsykiatri gør det svært at se en forælders psykiske "
         "sygdom som en udfordring for hele familien."),
        (100, ["financing"],
         "Uden honorering af de praktiserende læger og midler til en følgeevaluering kan "
         "prototypen ikke testes som planlagt. Finansieringen skal sikres, før den næste "
         "prøvehandling planlægges."),
        (96, ["law_and_data"],
         "Samtykkeerklæringen skal dække kommune, region og egen læge; den fælles version tog to "
         "måneder at få godkendt."),
    ],
    "incubation": 240,
    "incubation_reason": (
        "Den første prøvehandling viste, at sparringsmødet virker, og parterne vil modne det "
        "til drift. De to hovedmål fastholdes: tættere samarbejde mellem de fagprofessionelle og "
        "mere dialog med de praktiserende læger."
    ),
    "standby": 100,
    "standby_reason": (
        "Gladsaxe Kommune har måttet sætte sin deltagelse på standby, fordi kommunen prioriterer "
        "andre indsatser på familieområdet. Der mangler finansiering af tre praktiserende læger "
        "og en følgeevaluering ved forskningsenheden i Region Hovedstadens Børne- og "
        "Ungdomspsykiatri."
    ),
    "restart_in": 150,
}

GOD_START: dict = {
    "contacts": [
        {"name": "Louise Bech Andersen", "organisation": "slagelse-kommune", "invited": 299,
         "accepted": True},
        {"name": "Tina Mølgaard Hansen", "organisation": "nsr-sygehuse", "invited": 299,
         "accepted": True},
    ],
    "trial_actions": [
        {
            "status": "done", "planned": 250, "done": 244,
            "citizen_group": "Sårbare gravide fulgt i Svangreambulatoriet, Slagelse Sygehus",
            "citizen_count": 8,
            "by_whom": "Jordemoder, sundhedsplejerske og familierådgiver",
            "what_happened": (
                "Otte af ti gravide sagde ja til et fælles opstartsmøde; seks af møderne blev "
                "holdt hjemme hos familien. To sagde nej af frygt for en underretning."
            ),
            "learned": (
                "Mødet virker bedst hjemme og med sundhedsplejersken som vært. "
                "Samtykkeerklæringen skal forklare, hvad en underretning er – og ikke er."
            ),
            "citizen_input": (
                "»Jeg havde troet, de kom for at tage barnet. De kom for at hjælpe os med at "
                "blive klar.« (en gravid, 19 år)"
            ),
        },
        {
            "what": (
                "Opfølgende fællesmøde, når barnet er tre måneder, for de første fem familier."
            ),
            "status": "planned", "planned": -25,
            "place": "Hjemme hos familierne",
            "citizen_group": "De første fem familier i God Start",
            "citizen_count": 5,
        },
    ],
    "milestones": [
        (244, "De første fælles opstartsmøder holdt", "done"),
        (-25, "Opfølgende fællesmøde ved barnets tre måneder", "planned"),
        (-120, "Slagelse Kommune beslutter, om God Start skal i drift", "planned"),
    ],
    "indicators": [
        {
            "name": "Dage fra første bekymring til fælles opstartsmøde",
            "unit": "dage", "side": "citizens", "baseline": 95.0, "target": 21.0,
            "higher_is_better": False, "created": 250,
            "measurements": [(244, 34.0, "De otte første gravide"), (120, 26.0, ""),
                             (20, 19.0, "")],
        },
        {
            "name": "Andel familier, der stadig er i forløb",
            "unit": "%", "side": "citizens", "baseline": 60.0, "target": 90.0,
            "higher_is_better": True, "created": 250,
            "measurements": [(120, 87.5, ""), (20, 88.0, "")],
        },
    ],
    "business_case": [
        (0, "slagelse-kommune", 210000, 0),
        (0, "nsr-sygehuse", 90000, 40000),
        (1, "slagelse-kommune", 230000, 560000),
        (1, "nsr-sygehuse", 90000, 120000),
    ],
    "funding": [
        ("Frikøb af en sundhedsplejerske 10 timer om ugen", 180000, True, "Slagelse Kommune"),
        ("Jordemødres tid til opstartsmøder", 90000, True,
         "Næstved, Slagelse og Ringsted Sygehuse"),
        ("Ekstern evaluering", 250000, False, ""),
    ],
    "notes": [
        (240, ["citizen_voice"],
         "Brugergruppen af mødre ændrede invitationen: ordet »bekymring« blev strøget, fordi det "
         "skræmte."),
        (60, ["law_and_data"],
         "Én samtykkeerklæring for kommune, sygehus og egen læge er mulig, men kræver, at alle "
         "tre juridiske afdelinger læser med fra start."),
    ],
    # (days ago, status in words, what happened, next step)
    "updates": [
        (75, "Efter planen", "Fire nye familier er startet; sundhedsplejen har fået frikøbt "
         "timerne.", "Måle tiden fra bekymring til opstartsmøde igen."),
        (12, "Efter planen", "To nye familier er startet, og tiden fra bekymring til "
         "opstartsmøde er nede på 19 dage.", "Fællesmødet ved barnets tre måneder og en "
         "ansøgning om midler til den eksterne evaluering."),
    ],
}
