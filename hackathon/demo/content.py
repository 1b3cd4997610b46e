"""Danish demo content for the hackathon tool: one realistic cross-sector hackathon.

The data models the hackathon described in the seed texts from Netværk for Systematisk
Velfærdsinnovation: about 50 leaders and front-line staff from Region Sjælland, Region
Hovedstaden, two hospitals, a university college, three municipalities, general practice and
civil society, who in cross-sector teams produced eight prototype proposals for vulnerable
families, chronic illness and elderly care. Two were chosen for testing: *God Start* and
*Familiens Broer*.

Organisation names are real; every person is invented. E-mail addresses use the reserved demo
domain ``demo.hackathon.dk``. Keys are English, values Danish. The module holds data only.
"""

SECTORS = (
    "municipality",
    "region",
    "hospital",
    "general_practice",
    "knowledge_institution",
    "civil_society",
    "company",
    "other",
)

ORGANISATIONS: list[dict] = [
    {"key": "slagelse-kommune", "name": "Slagelse Kommune", "sector": "municipality"},
    {"key": "gladsaxe-kommune", "name": "Gladsaxe Kommune", "sector": "municipality"},
    {"key": "koebenhavns-kommune", "name": "Københavns Kommune", "sector": "municipality"},
    {"key": "region-sjaelland", "name": "Region Sjælland", "sector": "region"},
    {"key": "region-hovedstaden", "name": "Region Hovedstaden", "sector": "region"},
    {
        "key": "region-hovedstadens-psykiatri",
        "name": "Region Hovedstadens Psykiatri",
        "sector": "region",
    },
    {
        "key": "bispebjerg-frederiksberg-hospital",
        "name": "Bispebjerg og Frederiksberg Hospital",
        "sector": "hospital",
    },
    {
        "key": "nsr-sygehuse",
        "name": "Næstved, Slagelse og Ringsted Sygehuse",
        "sector": "hospital",
    },
    {
        "key": "kp",
        "name": "Københavns Professionshøjskole",
        "sector": "knowledge_institution",
    },
    {"key": "laegehuset-soeborg", "name": "Lægehuset Søborg", "sector": "general_practice"},
    {"key": "plo-sjaelland", "name": "PLO-Sjælland", "sector": "general_practice"},
    {"key": "moedrehjaelpen", "name": "Mødrehjælpen", "sector": "civil_society"},
    {"key": "bedre-psykiatri", "name": "Bedre Psykiatri", "sector": "civil_society"},
    {"key": "mobilize", "name": "Mobilize Strategy Consulting", "sector": "company"},
    # The reviewers' organisations: the steering group sits mostly outside the teams.
    {"key": "steno-sjaelland", "name": "Steno Diabetes Center Sjælland", "sector": "hospital"},
    {"key": "naestved-kommune", "name": "Næstved Kommune", "sector": "municipality"},
    {
        "key": "ckff",
        "name": "Center for Klinisk Forskning og Forebyggelse",
        "sector": "knowledge_institution",
    },
    {"key": "roskilde-kommune", "name": "Roskilde Kommune", "sector": "municipality"},
]

EVENT: dict = {
    "title": "Hackathon: Udsatte familier på tværs af sektorer",
    "theme": (
        "Tidligere og mere sammenhængende hjælp til familier med både sociale og "
        "sundhedsmæssige udfordringer"
    ),
    "description": (
        "Netværk for Systematisk Velfærdsinnovation samler knap 50 ledere og medarbejdere fra "
        "Region Hovedstaden, Region Sjælland, to hospitaler, Københavns Professionshøjskole, tre "
        "kommuner, almen praksis og civilsamfundet. I tværsektorielle teams udvikler I forslag "
        "til prototyper på konkrete indsatser for familier, der ofte eller varigt har brug for "
        "hjælp fra både kommunen, det regionale sundhedsvæsen og egen læge. Hvert forslag skal "
        "svare på, hvem der ejer problemet, hvem der driver processen, og hvordan borgerne "
        "bliver inddraget. Efter en faglig kvalificering udvælges to prototyper, som afprøves "
        "sammen med borgerne gennem små, konkrete prøvehandlinger."
    ),
    "venue": "Københavns Professionshøjskole, Campus Nørrebro, Tagensvej 18, 2200 København N",
    "join_code": "TVAERS26",
}

FACILITATOR: dict = {
    "name": "Mette Lauritzen",
    "email": "facilitator@demo.hackathon.dk",
    "title": "seniorkonsulent og procesfacilitator, netværkets sekretariat",
    "organisation": "mobilize",
}

REVIEWERS: list[dict] = [
    {
        "name": "Henriette Falkenberg",
        "email": "henriette.falkenberg@demo.hackathon.dk",
        "title": "vicedirektør",
        "organisation": "steno-sjaelland",
    },
    {
        "name": "Poul Erik Stavnsager",
        "email": "poul.stavnsager@demo.hackathon.dk",
        "title": "kommunaldirektør",
        "organisation": "naestved-kommune",
    },
    {
        "name": "Birgitte Nyholm",
        "email": "birgitte.nyholm@demo.hackathon.dk",
        "title": "enhedschef, Enhed for Tværsektorielt Samarbejde",
        "organisation": "region-sjaelland",
    },
    {
        "name": "Torben Halskov",
        "email": "torben.halskov@demo.hackathon.dk",
        "title": "centerchef",
        "organisation": "ckff",
    },
    {
        "name": "Lone Brøndum",
        "email": "lone.broendum@demo.hackathon.dk",
        "title": "områdechef, Borgercenter Børn og Unge",
        "organisation": "roskilde-kommune",
    },
]

PARTICIPANTS: list[dict] = [
    # Slagelse Kommune
    {
        "name": "Louise Bech Andersen",
        "email": "louise.andersen@demo.hackathon.dk",
        "title": "leder af Sundhedsplejen",
        "organisation": "slagelse-kommune",
    },
    {
        "name": "Camilla Friis Nørgaard",
        "email": None,
        "title": "sundhedsplejerske",
        "organisation": "slagelse-kommune",
    },
    {
        "name": "Rasmus Kjeldsen",
        "email": "rasmus.kjeldsen@demo.hackathon.dk",
        "title": "sagsbehandler, Familierådgivningen",
        "organisation": "slagelse-kommune",
    },
    {
        "name": "Pia Søndergaard",
        "email": "pia.soendergaard@demo.hackathon.dk",
        "title": "sundhedskonsulent, Sundhedscenter Slagelse",
        "organisation": "slagelse-kommune",
    },
    {
        "name": "Birthe Damsgaard",
        "email": None,
        "title": "socialrådgiver, Voksenområdet",
        "organisation": "slagelse-kommune",
    },
    {
        "name": "Jakob Engelbrecht",
        "email": "jakob.engelbrecht@demo.hackathon.dk",
        "title": "økonomikonsulent, Børn og Unge",
        "organisation": "slagelse-kommune",
    },
    # Gladsaxe Kommune
    {
        "name": "Marianne Holst Poulsen",
        "email": "marianne.poulsen@demo.hackathon.dk",
        "title": "leder af familierådgivningen",
        "organisation": "gladsaxe-kommune",
    },
    {
        "name": "Jonas Bak Villadsen",
        "email": None,
        "title": "familierådgiver",
        "organisation": "gladsaxe-kommune",
    },
    {
        "name": "Maja Thygesen",
        "email": "maja.thygesen@demo.hackathon.dk",
        "title": "teamleder, Familieafdelingen",
        "organisation": "gladsaxe-kommune",
    },
    {
        "name": "Ole Brink",
        "email": "ole.brink@demo.hackathon.dk",
        "title": "socialrådgiver, Social og Sundhed",
        "organisation": "gladsaxe-kommune",
    },
    {
        "name": "Jannie Kofoed",
        "email": None,
        "title": "sundhedskonsulent, Sundhed og Forebyggelse",
        "organisation": "gladsaxe-kommune",
    },
    # Københavns Kommune
    {
        "name": "Lene Frost Jakobsen",
        "email": None,
        "title": "hjemmesygeplejerske, Sundheds- og Omsorgsforvaltningen",
        "organisation": "koebenhavns-kommune",
    },
    {
        "name": "Bo Linde Kristiansen",
        "email": "bo.kristiansen@demo.hackathon.dk",
        "title": "leder af visitationen, Sundheds- og Omsorgsforvaltningen",
        "organisation": "koebenhavns-kommune",
    },
    {
        "name": "Sofie Lindholm",
        "email": "sofie.lindholm@demo.hackathon.dk",
        "title": "sagsbehandler, Borgercenter Børn og Unge",
        "organisation": "koebenhavns-kommune",
    },
    {
        "name": "Kenneth Brandt",
        "email": None,
        "title": "jobkonsulent, Jobcenter København",
        "organisation": "koebenhavns-kommune",
    },
    {
        "name": "Julie Storm Madsen",
        "email": "julie.madsen@demo.hackathon.dk",
        "title": "familiekonsulent, Borgercenter Børn og Unge",
        "organisation": "koebenhavns-kommune",
    },
    {
        "name": "Mie Søgaard",
        "email": None,
        "title": "sundhedsplejerske, Skolesundhedsplejen",
        "organisation": "koebenhavns-kommune",
    },
    {
        "name": "Ahmad Rahimi",
        "email": "ahmad.rahimi@demo.hackathon.dk",
        "title": "psykolog, PPR",
        "organisation": "koebenhavns-kommune",
    },
    # Region Sjælland
    {
        "name": "Katrine Vestergaard Bang",
        "email": "katrine.bang@demo.hackathon.dk",
        "title": "projektleder, sundhedsinnovation",
        "organisation": "region-sjaelland",
    },
    {
        "name": "Morten Aagaard",
        "email": None,
        "title": "sundhedsfaglig konsulent, Praksisområdet",
        "organisation": "region-sjaelland",
    },
    # Region Hovedstaden
    {
        "name": "Martin Østergaard",
        "email": "martin.oestergaard@demo.hackathon.dk",
        "title": "specialkonsulent, tværsektorielt samarbejde",
        "organisation": "region-hovedstaden",
    },
    {
        "name": "Ida Nørskov",
        "email": None,
        "title": "uddannelseskonsulent, Center for HR og Uddannelse",
        "organisation": "region-hovedstaden",
    },
    {
        "name": "Karen Lykkegaard",
        "email": "karen.lykkegaard@demo.hackathon.dk",
        "title": "specialkonsulent, sekretariatet for samordningsudvalg",
        "organisation": "region-hovedstaden",
    },
    # Region Hovedstadens Psykiatri
    {
        "name": "Dorthe Winther",
        "email": "dorthe.winther@demo.hackathon.dk",
        "title": "afdelingssygeplejerske, Børne- og Ungdomspsykiatrisk Center",
        "organisation": "region-hovedstadens-psykiatri",
    },
    {
        "name": "Kristian Lykke Mortensen",
        "email": "kristian.mortensen@demo.hackathon.dk",
        "title": "overlæge, voksenpsykiatrisk ambulatorium",
        "organisation": "region-hovedstadens-psykiatri",
    },
    {
        "name": "Nadia Rasmussen",
        "email": "nadia.rasmussen@demo.hackathon.dk",
        "title": "postdoc, Forskningsenheden, Børne- og Ungdomspsykiatrisk Center",
        "organisation": "region-hovedstadens-psykiatri",
    },
    {
        "name": "Eva Gram Thomsen",
        "email": "eva.thomsen@demo.hackathon.dk",
        "title": "socialrådgiver, Psykiatrisk Center København",
        "organisation": "region-hovedstadens-psykiatri",
    },
    {
        "name": "Nikolaj Bruun",
        "email": None,
        "title": "sygeplejerske og børneansvarlig, Psykiatrisk Center København",
        "organisation": "region-hovedstadens-psykiatri",
    },
    # Bispebjerg og Frederiksberg Hospital
    {
        "name": "Charlotte Bisgaard",
        "email": "charlotte.bisgaard@demo.hackathon.dk",
        "title": "afdelingssygeplejerske, Geriatrisk Afdeling",
        "organisation": "bispebjerg-frederiksberg-hospital",
    },
    {
        "name": "Thomas Ravn",
        "email": None,
        "title": "sygeplejerske og udskrivningskoordinator",
        "organisation": "bispebjerg-frederiksberg-hospital",
    },
    {
        "name": "Trine Vang Eriksen",
        "email": None,
        "title": "klinisk vejleder, Lungemedicinsk Afdeling",
        "organisation": "bispebjerg-frederiksberg-hospital",
    },
    {
        "name": "Simon Kjær Laursen",
        "email": "simon.laursen@demo.hackathon.dk",
        "title": "hospitalssocialrådgiver",
        "organisation": "bispebjerg-frederiksberg-hospital",
    },
    # Næstved, Slagelse og Ringsted Sygehuse
    {
        "name": "Tina Mølgaard Hansen",
        "email": "tina.hansen@demo.hackathon.dk",
        "title": "afdelingsjordemoder, Svangreambulatoriet, Slagelse Sygehus",
        "organisation": "nsr-sygehuse",
    },
    {
        "name": "Sara Ibsen",
        "email": None,
        "title": "socialrådgiver, Gynækologisk-obstetrisk Afdeling",
        "organisation": "nsr-sygehuse",
    },
    {
        "name": "Gitte Hjort",
        "email": "gitte.hjort@demo.hackathon.dk",
        "title": "diabetessygeplejerske, Medicinsk Afdeling, Slagelse Sygehus",
        "organisation": "nsr-sygehuse",
    },
    {
        "name": "Ali Demir",
        "email": None,
        "title": "klinisk diætist",
        "organisation": "nsr-sygehuse",
    },
    # Københavns Professionshøjskole
    {
        "name": "Helle Stampe",
        "email": "helle.stampe@demo.hackathon.dk",
        "title": "lektor, Sygeplejerskeuddannelsen",
        "organisation": "kp",
    },
    {
        "name": "Rikke Abildgaard",
        "email": None,
        "title": "lektor, Socialrådgiveruddannelsen",
        "organisation": "kp",
    },
    {
        "name": "Mads Kronborg",
        "email": "mads.kronborg@demo.hackathon.dk",
        "title": "uddannelsesleder, Ergoterapeutuddannelsen",
        "organisation": "kp",
    },
    # Almen praksis
    {
        "name": "Peter Vinther Lund",
        "email": "peter.lund@demo.hackathon.dk",
        "title": "praktiserende læge og praksiskonsulent i Gladsaxe Kommune",
        "organisation": "laegehuset-soeborg",
    },
    {
        "name": "Signe Toft",
        "email": "signe.toft@demo.hackathon.dk",
        "title": "praksissygeplejerske",
        "organisation": "laegehuset-soeborg",
    },
    {
        "name": "Henrik Skovgaard",
        "email": "henrik.skovgaard@demo.hackathon.dk",
        "title": "praktiserende læge, Slagelse",
        "organisation": "plo-sjaelland",
    },
    {
        "name": "Lars Kirkegaard Holm",
        "email": "lars.holm@demo.hackathon.dk",
        "title": "praktiserende læge, Korsør",
        "organisation": "plo-sjaelland",
    },
    # Civilsamfund
    {
        "name": "Yasmin Aziz",
        "email": "yasmin.aziz@demo.hackathon.dk",
        "title": "frivilligkoordinator",
        "organisation": "moedrehjaelpen",
    },
    {
        "name": "Fatima El-Sayed",
        "email": "fatima.el-sayed@demo.hackathon.dk",
        "title": "gældsrådgiver",
        "organisation": "moedrehjaelpen",
    },
    {
        "name": "Anne-Mette Krog",
        "email": None,
        "title": "pårørenderådgiver",
        "organisation": "bedre-psykiatri",
    },
    {
        "name": "Line Bach Petersen",
        "email": "line.petersen@demo.hackathon.dk",
        "title": "frivilligkoordinator, Bedre Psykiatri København",
        "organisation": "bedre-psykiatri",
    },
    # Virksomhed
    {
        "name": "Frederik Lauge Nissen",
        "email": "frederik.nissen@demo.hackathon.dk",
        "title": "konsulent, processtøtte",
        "organisation": "mobilize",
    },
]

PROPOSALS: list[dict] = [
    {
        "title": "God Start",
        "summary": (
            "God Start samler jordemoder, sundhedspleje, familierådgivning og egen læge om den "
            "sårbare gravide allerede fra første graviditetsundersøgelse. I stedet for tre "
            "separate forløb får familien ét fælles opstartsmøde og én fast kontaktperson, der "
            "følger dem, til barnet er et år. Mødrehjælpen kobles på med en frivillig familieven."
        ),
        "target_group": (
            "Sårbare gravide og deres partnere i Slagelse Kommune, fx gravide med psykisk "
            "sårbarhed, misbrug i familien, et spinkelt netværk eller en alder under 20 år, som "
            "bliver fulgt i Svangreambulatoriet på Slagelse Sygehus."
        ),
        "problem": (
            "De gravide fortæller, at de skal gentage deres historie for jordemoder, læge, "
            "sundhedsplejerske og sagsbehandler, og at de er bange for, at en underretning "
            "betyder, at de mister barnet. Derfor siger nogle nej tak til hjælp eller udebliver. "
            "Hjælpen kommer typisk først, når barnet er født, og problemerne er vokset."
        ),
        "problem_owner": "slagelse-kommune",
        "citizen_voice": (
            "Vi har interviewet seks mødre, som har været i forløb i Svangreambulatoriet, og to af "
            "dem er med i en brugergruppe, der tester mødeform og materialer. Mødrehjælpen "
            "inddrager forældre fra deres netværksgrupper i udformningen af opstartsmødet."
        ),
        "evidence": (
            "Svangreambulatoriet følger ca. 120 sårbare gravide om året, heraf omkring 45 fra "
            "Slagelse Kommune. Vi har gennemgået otte anonymiserede forløb: i fem af dem gik der "
            "mere end tre måneder fra jordemoderens bekymring til første kontakt med "
            "familierådgivningen."
        ),
        "evidence_kind": "both",
        "idea": (
            "Når jordemoderen eller egen læge opsporer sårbarhed, inviteres den gravide med "
            "samtykke til ét fælles opstartsmøde med jordemoder, sundhedsplejerske og "
            "familierådgiver – på sygehuset eller hjemme. Her lægges én fælles plan, som alle "
            "sektorer arbejder ud fra, og sundhedsplejersken bliver familiens faste kontaktperson "
            "fra graviditetsuge 20 til barnets første fødselsdag."
        ),
        "goals": [
            {
                "goal": "Tidligere og fælles opsporing af sårbare gravide",
                "activities": [
                    "Fælles screeningsspørgsmål hos egen læge og i Svangreambulatoriet",
                    (
                        "Fast telefontid, hvor jordemødre og læger kan drøfte en bekymring med "
                        "sundhedsplejen uden at oprette en sag"
                    ),
                    "Én samtykkeerklæring, der dækker kommune, sygehus og egen læge",
                ],
            },
            {
                "goal": "Én plan og én kontaktperson for familien",
                "activities": [
                    "Fælles opstartsmøde senest i graviditetsuge 24",
                    "Sundhedsplejerske som fast kontaktperson med ekstra hjemmebesøg",
                    "Opfølgende fællesmøde, når barnet er tre måneder",
                ],
            },
            {
                "goal": "Et netværk omkring familien, der holder efter forløbet",
                "activities": [
                    "Match med en frivillig familieven fra Mødrehjælpen",
                    "Forældregruppe for førstegangsforældre i Slagelse",
                ],
            },
        ],
        "organisations": ["slagelse-kommune", "nsr-sygehuse", "plo-sjaelland", "moedrehjaelpen"],
        "process_owners": [
            {"organisation": "slagelse-kommune", "contact": "Louise Bech Andersen"},
            {"organisation": "nsr-sygehuse", "contact": "Tina Mølgaard Hansen"},
        ],
        "trial_action": {
            "what": (
                "Ti sårbare gravide tilbydes fælles opstartsmøde og fast kontaktperson. Vi tester "
                "mødeformen, samtykkeerklæringen og den fælles plan med rigtige familier."
            ),
            "where": "Svangreambulatoriet, Slagelse Sygehus, og hjemme hos familierne",
            "when": "2027-03-01",
        },
        "value_citizens": (
            "Den gravide fortæller sin historie én gang, møder fagfolk, der taler sammen, og får "
            "hjælp før fødslen i stedet for efter. Vi forventer mere tryghed i forældrerollen og "
            "færre familier, der trækker sig fra forløbet."
        ),
        "value_organisations": (
            "Et fælles opstartsmøde koster ca. tre timers medarbejdertid pr. sektor. Hvis blot to "
            "af ti familier undgår en anbringelse eller et langt familiebehandlingsforløb, frigør "
            "kommunen mere, end prototypen koster – en anbringelse af et spædbarn koster typisk "
            "over en halv million kroner om året. Sygehuset sparer udeblivelser og akutte "
            "kontakter."
        ),
        "measurement": (
            "Tid fra første bekymring til første fælles møde, antal udeblivelser i "
            "Svangreambulatoriet og andel familier, der stadig er i forløb ved barnets 1-årsdag. "
            "Forældrene svarer på et kort spørgeskema om tryghed og sammenhæng ved start, efter "
            "fødslen og efter 12 måneder."
        ),
        "resources": (
            "Ca. fire timer pr. familie fra hver sektor til opstartsmøde og koordinering, en "
            "sundhedsplejerske frikøbt 10 timer om ugen i testperioden og honorering af de "
            "praktiserende lægers deltagelse i fællesmøder. Vi søger fondsmidler til en "
            "ekstern evaluering (ca. 250.000 kr.)."
        ),
        "risks": (
            "Reglerne om samtykke og videregivelse af oplysninger mellem sektorer kan forsinke det "
            "fælles møde. Frygten for underretning kan få nogle gravide til at sige nej. Hvis "
            "sundhedsplejens normering beskæres, forsvinder den faste kontaktperson."
        ),
        "scaling": (
            "Modellen kan overføres til de øvrige kommuner, der bruger Svangreambulatoriet på "
            "Slagelse Sygehus, og derefter til regionens andre fødesteder. Samtykkeerklæringen og "
            "mødeskabelonen deles i netværkets databank."
        ),
        "authors": [
            "Louise Bech Andersen",
            "Camilla Friis Nørgaard",
            "Rasmus Kjeldsen",
            "Tina Mølgaard Hansen",
            "Sara Ibsen",
            "Henrik Skovgaard",
            "Yasmin Aziz",
        ],
    },
    {
        "title": "Familiens Broer",
        "summary": (
            "Familiens Broer bygger en fast bro mellem den kommunale familierådgivning, almen "
            "praksis og Region Hovedstadens Psykiatri. Når en forælder i en socialt udsat familie "
            "har psykiske problemer, skal familien tidligere og hurtigere videre til den rette "
            "hjælp – uden at forældrene selv skal navigere mellem systemerne."
        ),
        "target_group": (
            "Socialt udsatte børnefamilier i Gladsaxe Kommune, hvor mindst én forælder har "
            "psykiske problemer som depression, angst eller PTSD, og hvor familien allerede har "
            "kontakt til familierådgivningen."
        ),
        "problem": (
            "Forældrene oplever at blive sendt rundt: egen læge henviser ikke, fordi problemerne "
            "ikke er svære nok til psykiatrien, og en privatpraktiserende psykolog er for dyr "
            "eller svær at finde. Imens vokser problemerne, og forældrene kan ikke overholde "
            "aftalerne med familierådgivningen, jobcenteret eller barnets skole."
        ),
        "problem_owner": "gladsaxe-kommune",
        "citizen_voice": (
            "Vi tager afsæt i fire aktuelle familiesager, hvor forældrene har givet samtykke til, "
            "at deres forløb bruges som cases. Bedre Psykiatri samler pårørende og tidligere "
            "patienter, som kommenterer prototypen før testen og igen efter tre måneder."
        ),
        "evidence": (
            "Familierådgivningen vurderer, at omkring hver fjerde familie i de forebyggende sager "
            "har en forælder med ubehandlede psykiske problemer, men det er i dag et skøn. Derfor "
            "registrerer vi systematisk i tre måneder og gennemgår konkrete sager sammen med "
            "forskningsenheden i Børne- og Ungdomspsykiatrien."
        ),
        "evidence_kind": "both",
        "idea": (
            "Familierådgiveren, familiens egen læge og en psykiatrisk konsulent fra regionen mødes "
            "hver 14. dag på et kort sparringsmøde, hvor konkrete familier drøftes med samtykke. "
            "Lægerne får en direkte telefonlinje til familierådgivningen og et overblik over "
            "kommunale og regionale tilbud, så henvisningen rammer rigtigt første gang. Familien "
            "ses som en enhed – ikke som en patient i voksenpsykiatrien og et barn et andet sted."
        ),
        "goals": [
            {
                "goal": (
                    "Styrke samarbejdet direkte mellem de fagprofessionelle i kommune, almen "
                    "praksis og regional psykiatri, der møder den enkelte familie"
                ),
                "activities": [
                    "Fast tværsektorielt sparringsmøde hver 14. dag med familiens samtykke",
                    "Fælles samtykkeerklæring og en enkel aftale om, hvem der kontakter hvem",
                    "Fælles gennemgang af de fire case-familier ved start og slut",
                ],
            },
            {
                "goal": (
                    "Mere information til og dialog med de praktiserende læger om henvisning til "
                    "kommunale og regionale tilbud"
                ),
                "activities": [
                    "Oversigt på én side over tilbud til forældre med psykiske problemer",
                    "Direkte telefonnummer til en familierådgiver for lægerne",
                    "Praksiskonsulenten præsenterer prototypen i lægernes kvalitetsklynge",
                ],
            },
        ],
        "organisations": [
            "gladsaxe-kommune",
            "region-hovedstadens-psykiatri",
            "laegehuset-soeborg",
            "bedre-psykiatri",
        ],
        "process_owners": [
            {"organisation": "gladsaxe-kommune", "contact": "Marianne Holst Poulsen"},
            {"organisation": "region-hovedstadens-psykiatri", "contact": "Dorthe Winther"},
        ],
        "trial_action": {
            "what": (
                "De første fire familier drøftes på et fælles sparringsmøde med familierådgiver, "
                "egen læge og psykiatrisk konsulent. Vi afprøver samtykkeerklæringen og "
                "telefonlinjen til lægerne."
            ),
            "where": "Familierådgivningen på Gladsaxe Rådhus og Lægehuset Søborg",
            "when": "2027-02-15",
        },
        "value_citizens": (
            "Forældrene kommer hurtigere i behandling og slipper for at være budbringere mellem "
            "systemerne. Når forælderen får det bedre, kan familien holde sine aftaler, og "
            "børnene får en mere stabil hverdag."
        ),
        "value_organisations": (
            "Tidlig behandling kan forebygge, at forebyggende foranstaltninger eskalerer til "
            "dyrere familiebehandling eller anbringelse. Lægerne bruger mindre tid på afviste "
            "henvisninger, og psykiatrien modtager bedre belyste henvisninger."
        ),
        "measurement": (
            "Vi sammenligner tid fra bekymring til første behandlingskontakt, antal afviste "
            "henvisninger og antal skift i foranstaltninger med sager fra året før. "
            "Forskningsenheden i Børne- og Ungdomspsykiatrien laver en følgeevaluering med "
            "interview af forældre og fagfolk."
        ),
        "resources": (
            "Hver part stiller med en fast medarbejder ca. to timer hver 14. dag. Der mangler "
            "finansiering til at honorere tre praktiserende lægers deltagelse og til en "
            "følgeevaluering ved forskningsenheden i Region Hovedstadens Børne- og "
            "Ungdomspsykiatri – uden den kan prototypen ikke testes som planlagt."
        ),
        "risks": (
            "Hvis kommunen må prioritere andre indsatser på familieområdet, kan prototypen blive "
            "sat på standby, før den er testet. Opdelingen i børne- og voksenpsykiatri gør det "
            "svært at se familien som en enhed, og almen praksis risikerer at skulle købe ind på "
            "de andres behov uden selv at have ejerskab."
        ),
        "scaling": (
            "Sparringsmødet og samtykkeerklæringen kan overføres til andre kommuner via "
            "samordningsudvalgene mellem kommunerne og den regionale psykiatri og senere til "
            "andre regioner. Det kræver, at parterne vil prioritere et fælles ejerskab til "
            "problemet."
        ),
        "authors": [
            "Marianne Holst Poulsen",
            "Jonas Bak Villadsen",
            "Dorthe Winther",
            "Kristian Lykke Mortensen",
            "Nadia Rasmussen",
            "Peter Vinther Lund",
            "Anne-Mette Krog",
        ],
    },
    {
        "title": "Første døgn hjemme",
        "summary": (
            "Ældre, der udskrives fra Bispebjerg Hospital med mange diagnoser og meget medicin, "
            "får besøg af en hjemmesygeplejerske inden for 24 timer. Besøget starter med et kort "
            "videoopkald til den sygeplejerske, der udskrev borgeren, så medicin og aftaler er "
            "afstemt fra første dag."
        ),
        "target_group": (
            "Borgere over 75 år i Københavns Kommune, der udskrives fra Geriatrisk eller "
            "Medicinsk Afdeling på Bispebjerg Hospital med mindst fem faste præparater og "
            "hjemmepleje eller hjemmesygepleje."
        ),
        "problem": (
            "De ældre og deres pårørende beskriver de første dage hjemme som kaotiske: medicinen "
            "er ændret, men ingen har forklaret hvorfor, og hjemmesygeplejen ved ikke, hvad der er "
            "aftalt. Mange ringer til egen læge eller 1813, og nogle ender med at blive "
            "genindlagt inden for en måned."
        ),
        "problem_owner": "koebenhavns-kommune",
        "citizen_voice": (
            "Sygeplejerskestuderende fra Københavns Professionshøjskole har interviewet 12 ældre "
            "og 5 pårørende i deres hjem to til fem dage efter udskrivelsen. Hospitalets patient- "
            "og pårørenderåd kommenterer tjeklisten, før den afprøves."
        ),
        "evidence": (
            "Afdelingens opgørelse fra 2026 viser, at ca. hver sjette ældre medicinske patient "
            "genindlægges inden for 30 dage. I en audit af 20 udskrivelser fandt vi "
            "uoverensstemmelser mellem medicinlisten og Fælles Medicinkort i 11 tilfælde."
        ),
        "evidence_kind": "first_hand",
        "idea": (
            "Afdelingen og hjemmesygeplejen aftaler allerede dagen før udskrivelsen et fast "
            "tidspunkt for første hjemmebesøg. Under besøget ringer hjemmesygeplejersken op på "
            "video til den udskrivende sygeplejerske, og de gennemgår medicin og aftaler sammen "
            "med borgeren og eventuelle pårørende."
        ),
        "goals": [
            {
                "goal": "Sikker medicinhåndtering i de første døgn efter udskrivelsen",
                "activities": [
                    "Fælles tjekliste til medicinafstemning i Fælles Medicinkort",
                    "Videoopkald mellem hjemmesygeplejerske og afdeling ved første besøg",
                    "Korrespondancemeddelelse til egen læge efter første besøg",
                ],
            },
            {
                "goal": "Færre akutte genindlæggelser inden for 30 dage",
                "activities": [
                    "Opfølgende telefonopkald fra hjemmesygeplejen på dag 7",
                    "Fast kontaktnummer til afdelingen i de første 14 dage",
                ],
            },
        ],
        "organisations": [
            "bispebjerg-frederiksberg-hospital",
            "koebenhavns-kommune",
            "kp",
            "region-hovedstaden",
        ],
        "process_owners": [
            {"organisation": "koebenhavns-kommune", "contact": "Bo Linde Kristiansen"},
            {
                "organisation": "bispebjerg-frederiksberg-hospital",
                "contact": "Charlotte Bisgaard",
            },
        ],
        "trial_action": {
            "what": (
                "20 ældre, der udskrives fra Geriatrisk Afdeling, får første hjemmebesøg inden "
                "for 24 timer med videoopkald til afdelingen."
            ),
            "where": (
                "Geriatrisk Afdeling, Bispebjerg Hospital, og hjemmesygeplejen i Bispebjerg "
                "og Brønshøj"
            ),
            "when": "2027-04-12",
        },
        "value_citizens": (
            "Tryghed de første dage hjemme, færre fejl i medicinen og mindre risiko for at skulle "
            "tilbage på hospitalet. De pårørende slipper for at være bindeled mellem hospital og "
            "kommune."
        ),
        "value_organisations": (
            "En akut genindlæggelse af en ældre medicinsk patient koster regionen ca. "
            "30.000-40.000 kr. Videoopkaldet tager omkring 15 minutter. Kommunen sparer ekstra "
            "akutbesøg, og hospitalet frigør sengedage."
        ),
        "measurement": (
            "Genindlæggelser inden for 30 dage, antal medicinuoverensstemmelser fundet ved første "
            "besøg og borgerens oplevede tryghed målt med tre enkle spørgsmål på dag 7. Vi "
            "sammenligner med 20 udskrivelser fra samme afdeling før testen."
        ),
        "resources": (
            "En sikker videoløsning på hjemmesygeplejens telefoner, ca. én times ekstra tid pr. "
            "borger i testperioden og to lektorer fra KP, der sammen med studerende står for "
            "interview og dataindsamling."
        ),
        "risks": (
            "Travlhed på afdelingen kan betyde, at den udskrivende sygeplejerske ikke kan tage "
            "opkaldet på det aftalte tidspunkt. Hjemmeplejen kan have svært ved at garantere besøg "
            "inden for 24 timer i weekenden, og forskellige IT-systemer gør det svært at dele "
            "oplysninger."
        ),
        "scaling": (
            "Kan udbredes til hospitalets øvrige medicinske afdelinger og via sundhedsklyngen til "
            "de andre kommuner i optageområdet. Tjeklisten kan bruges af alle hospitaler og "
            "hjemmesygeplejer i regionen."
        ),
        "authors": [
            "Charlotte Bisgaard",
            "Thomas Ravn",
            "Lene Frost Jakobsen",
            "Bo Linde Kristiansen",
            "Helle Stampe",
            "Martin Østergaard",
        ],
    },
    {
        "title": "Diabetes er en familiesag",
        "summary": (
            "Når en forælder med type 2-diabetes er i forløb på sygehuset eller hos egen læge, "
            "inviteres hele familien med i et kommunalt forløb om mad, bevægelse og "
            "hverdagsrutiner. Sygehus, egen læge og kommunens sundhedscenter bruger én fælles "
            "henvisning og én fælles plan."
        ),
        "target_group": (
            "Familier i Slagelse Kommune med hjemmeboende børn, hvor mindst én forælder har "
            "dårligt reguleret type 2-diabetes og kort uddannelse eller står uden for "
            "arbejdsmarkedet."
        ),
        "problem": (
            "Forældrene fortæller, at de får gode råd på sygehuset, men at det er umuligt at "
            "ændre mad og vaner, når resten af familien ikke er med. Tilbuddene ligger tre "
            "forskellige steder med hver sin indkaldelse og tider, der passer dårligt med børnenes "
            "hverdag. Mange dropper ud efter første gang."
        ),
        "problem_owner": "region-sjaelland",
        "citizen_voice": (
            "Vi har holdt to dialogmøder med i alt ni forældre fra diabetesambulatoriet, og tre "
            "familier er testfamilier i udviklingen af forløbet. Børnenes perspektiv får vi "
            "gennem korte samtaler med skolesundhedsplejersken."
        ),
        "evidence": (
            "Ambulatoriets opgørelse viser, at ca. 40 % af de henviste ikke møder op til "
            "kommunens tilbud om patientuddannelse. Vores gennemgang af 15 forløb viser, at dem, "
            "der dropper ud, oftere har børn under 12 år. Vi mangler endnu tal fra almen praksis."
        ),
        "evidence_kind": "both",
        "idea": (
            "Sygehus eller egen læge sender én elektronisk henvisning til Sundhedscenter Slagelse, "
            "som kontakter familien inden for en uge og tilbyder et eftermiddagsforløb, hvor "
            "børnene kan være med. Diabetessygeplejersken og sundhedscentret deler en fælles "
            "forløbsplan, og egen læge får besked om mål og fremmøde."
        ),
        "goals": [
            {
                "goal": "Flere familier gennemfører et forløb",
                "activities": [
                    "Fælles henvisningsvej fra sygehus og almen praksis til sundhedscentret",
                    "Familieforløb om eftermiddagen med fælles madlavning og aktivitet for børn",
                ],
            },
            {
                "goal": "Bedre blodsukkerregulering hos forælderen",
                "activities": [
                    "Fælles forløbsplan mellem diabetesambulatorium og sundhedscenter",
                    "Opfølgning og blodprøve hos egen læge efter tre og seks måneder",
                ],
            },
        ],
        "organisations": [
            "region-sjaelland",
            "nsr-sygehuse",
            "slagelse-kommune",
            "plo-sjaelland",
        ],
        "process_owners": [
            {"organisation": "region-sjaelland", "contact": "Katrine Vestergaard Bang"},
            {"organisation": "slagelse-kommune", "contact": "Pia Søndergaard"},
        ],
        "trial_action": {
            "what": (
                "Fem familier henvises med den fælles henvisning og gennemfører de første fire "
                "gange af familieforløbet."
            ),
            "where": "Sundhedscenter Slagelse og Diabetesambulatoriet på Slagelse Sygehus",
            "when": "2027-05-03",
        },
        "value_citizens": (
            "Forælderen får bedre styr på blodsukkeret og mere overskud i hverdagen, og børnene "
            "får sundere vaner uden en løftet pegefinger. Familien møder ét sammenhængende tilbud "
            "på tidspunkter, der passer med skole og arbejde."
        ),
        "value_organisations": (
            "Bedre regulering udskyder følgesygdomme i nyrer, øjne og fødder, som koster regionen "
            "mange ambulante besøg og indlæggelser. Kommunen får færre tomme pladser på holdene, "
            "og lægerne bruger mindre tid på at genhenvise. Det største afkast på sigt er, at "
            "børnene ikke selv udvikler diabetes."
        ),
        "measurement": (
            "Fremmøde og frafald i familieforløbet, forælderens langtidsblodsukker (HbA1c) ved "
            "start og efter tre og seks måneder samt familiens egen vurdering af hverdagens vaner "
            "i et kort spørgeskema. Fremmødet sammenlignes med de 15 gennemgåede forløb fra 2026."
        ),
        "resources": (
            "Ca. 80 timer til at udvikle den fælles henvisning efter MedCom-standard sammen med "
            "regionens IT, en pædagogisk medarbejder til børneaktiviteterne og fire timer om ugen "
            "fra diætist og diabetessygeplejerske i testperioden. En evaluering kræver ekstern "
            "finansiering."
        ),
        "risks": (
            "Det tager tid at ændre henvisningsveje i de elektroniske systemer, og sammenlægningen "
            "af Region Sjælland og Region Hovedstaden til Region Østdanmark kan flytte "
            "beslutninger og kontaktpersoner. Nogle familier kan opleve tilbuddet som kontrol af "
            "deres mad og hjem. Kender lægerne ikke den nye henvisning, ender vi med to parallelle "
            "veje."
        ),
        "scaling": (
            "Kan udbredes til de øvrige kommuner i sygehusenes optageområde, fx Næstved, Ringsted "
            "og Sorø, og tilpasses andre kroniske sygdomme som KOL og hjertesygdom. Materialet "
            "til familieforløbet deles i netværkets databank."
        ),
        "authors": [
            "Katrine Vestergaard Bang",
            "Morten Aagaard",
            "Gitte Hjort",
            "Ali Demir",
            "Pia Søndergaard",
            "Lars Kirkegaard Holm",
        ],
    },
    {
        "title": "Én familie – én plan",
        "summary": (
            "Familier med sager i både jobcenter, børne- og ungeområdet og voksenområdet får én "
            "fælles plan og én koordinerende sagsbehandler i stedet for op til fem parallelle "
            "planer. Prototypen afprøves i tre kommuner på samme tid, så vi kan lære af hinanden."
        ),
        "target_group": (
            "Børnefamilier, hvor en eller begge forældre modtager kontanthjælp eller sygedagpenge, "
            "og hvor mindst ét barn har en forebyggende foranstaltning efter barnets lov."
        ),
        "problem": (
            "Forældrene skal til møder i jobcenter, familierådgivning og socialforvaltning, som "
            "ikke kender hinandens krav. En mor fortalte, at hun i samme uge skulle i praktik, på "
            "forældrekursus og til skolemøde om sin søn – og fik en sanktion, fordi hun ikke nåede "
            "det hele."
        ),
        "problem_owner": "koebenhavns-kommune",
        "citizen_voice": (
            "Før den fælles plan designes, laver vi tre interview med familier i hver kommune og "
            "tester udkastet i Borgercenter Børn og Unges forældrepanel. Familien skal selv "
            "prioritere målene i planen."
        ),
        "evidence": (
            "En optælling i Slagelse viser, at 62 familier i 2026 havde tre eller flere samtidige "
            "planer. Sagsbehandlernes gennemgang i de tre kommuner peger på, at familierne i "
            "gennemsnit har fem kontaktpersoner. Vi har endnu ikke data direkte fra borgerne."
        ),
        "evidence_kind": "second_hand",
        "idea": (
            "Én koordinerende sagsbehandler udarbejder sammen med familien én plan, som jobcenter, "
            "børne- og ungeområdet og voksenområdet forpligter sig på. Der holdes ét fælles møde "
            "om måneden med de relevante fagpersoner i stedet for separate møder i hver "
            "forvaltning."
        ),
        "goals": [
            {
                "goal": "Færre og mere sammenhængende møder og planer for familien",
                "activities": [
                    "Fælles planskabelon, der opfylder kravene i de forskellige love",
                    "Ét månedligt fællesmøde med familien og de relevante fagpersoner",
                ],
            },
            {
                "goal": "Forældre tættere på job eller uddannelse",
                "activities": [
                    "Beskæftigelsesmål tilpasses familiens samlede situation",
                    "Sanktioner drøftes på fællesmødet, før de træffes",
                ],
            },
        ],
        "organisations": ["koebenhavns-kommune", "gladsaxe-kommune", "slagelse-kommune"],
        "process_owners": [
            {"organisation": "koebenhavns-kommune", "contact": "Sofie Lindholm"},
        ],
        "trial_action": {
            "what": (
                "Otte familier – fire i København, to i Gladsaxe og to i Slagelse – får én fælles "
                "plan og et månedligt fællesmøde i tre måneder."
            ),
            "where": (
                "Borgercenter Børn og Unge, Københavns Kommune, samt Gladsaxe Rådhus og "
                "Jobcenter Slagelse"
            ),
            "when": "2027-02-01",
        },
        "value_citizens": (
            "Færre møder, færre modstridende krav og en plan, familien selv kan genkende. Det "
            "giver overskud til at arbejde med det, der betyder mest for familien."
        ),
        "value_organisations": (
            "Færre dobbeltmøder og mindre tid på koordinering – vi regner med ca. 20 timers "
            "frigjort sagsbehandlertid pr. familie om året. Kommer flere forældre i job eller "
            "uddannelse, falder udgifterne til forsørgelse."
        ),
        "measurement": (
            "Antal møder og planer pr. familie, forældrenes vurdering af sammenhæng på en skala "
            "fra 1 til 10 og andel forældre i job eller uddannelse efter 12 måneder. Økonomien "
            "følges af Slagelse Kommunes økonomikonsulent."
        ),
        "resources": (
            "En koordinerende sagsbehandler frikøbt 25 % i hver kommune i testperioden og en "
            "juridisk afklaring af, hvordan én plan kan opfylde kravene i beskæftigelsesloven, "
            "barnets lov og serviceloven."
        ),
        "risks": (
            "Forskellig lovgivning og forskellige IT-systemer i forvaltningerne. Prototypen er "
            "rent kommunal: egen læge og psykiatrien er ikke med, selvom mange af forældrene har "
            "helbredsproblemer – det bør vi overveje i næste runde."
        ),
        "scaling": (
            "Modellen kan bruges i alle kommuner, men kræver ledelsesopbakning på tværs af "
            "forvaltninger. De tre kommuner deler skabelon og erfaringer i netværkets databank."
        ),
        "authors": [
            "Sofie Lindholm",
            "Kenneth Brandt",
            "Maja Thygesen",
            "Birthe Damsgaard",
            "Jakob Engelbrecht",
        ],
    },
    {
        "title": "Råd og ro i lægehuset",
        "summary": (
            "En socialrådgiver fra Gladsaxe Kommune og en gældsrådgiver fra Mødrehjælpen har fast "
            "træffetid i Lægehuset Søborg hver anden uge. Lægen kan booke en tid direkte, når "
            "patientens søvnproblemer, stress eller smerter i virkeligheden hænger sammen med "
            "økonomi, bolig eller en sag i kommunen."
        ),
        "target_group": (
            "Voksne patienter i almen praksis – ofte enlige forsørgere – hvor lægen vurderer, at "
            "sociale eller økonomiske problemer er en væsentlig årsag til deres helbredsproblemer."
        ),
        "problem": (
            "Patienterne kommer med hovedpine, søvnløshed og angst, men det, der holder dem "
            "vågne, er gæld, en varslet udsættelse eller en sag i jobcenteret. Lægen kan kun "
            "sygemelde eller udskrive medicin, og patienten ved ikke, hvor i kommunen de skal "
            "henvende sig."
        ),
        "problem_owner": "laegehuset-soeborg",
        "citizen_voice": (
            "Praksissygeplejersken spurgte i to uger alle patienter med stressrelaterede "
            "konsultationer, om de ville have talt med en socialrådgiver: 14 ud af 22 svarede ja. "
            "Dem, der bruger træffetiden, interviewes bagefter af socialrådgiverstuderende fra KP."
        ),
        "evidence": (
            "Lægerne i Lægehuset Søborg anslår, at en til to konsultationer om dagen primært "
            "handler om sociale problemer. Mødrehjælpens gældsrådgivning oplever, at mange "
            "familier først henvender sig, når der allerede er en udsættelsessag."
        ),
        "evidence_kind": "both",
        "idea": (
            "Lægen booker en tid direkte i lægehusets kalender hos socialrådgiveren, og samtalen "
            "foregår i lægehuset, som patienten kender og har tillid til. Socialrådgiveren kan "
            "derefter tage direkte kontakt til den rette afdeling i kommunen eller til "
            "Mødrehjælpens gældsrådgivning."
        ),
        "goals": [
            {
                "goal": "Social og økonomisk rådgivning der, hvor patienterne allerede kommer",
                "activities": [
                    "Fast træffetid i lægehuset hver anden torsdag",
                    "Enkel bookingprocedure og samtykke i lægehusets kalender",
                ],
            },
            {
                "goal": "Færre konsultationer og sygemeldinger, der skyldes sociale problemer",
                "activities": [
                    "Registrering af konsultationer med social årsag før og under testen",
                    "Opfølgning med patienten efter tre måneder",
                ],
            },
        ],
        "organisations": ["laegehuset-soeborg", "gladsaxe-kommune", "moedrehjaelpen", "kp"],
        "process_owners": [
            {"organisation": "laegehuset-soeborg", "contact": "Signe Toft"},
            {"organisation": "gladsaxe-kommune", "contact": "Ole Brink"},
        ],
        "trial_action": {
            "what": (
                "Seks træffetider med socialrådgiver og gældsrådgiver over tre måneder, hvor vi "
                "tester bookingproceduren og samtykket."
            ),
            "where": "Lægehuset Søborg",
            "when": "2027-03-04",
        },
        "value_citizens": (
            "Patienten får hjælp til det egentlige problem et sted, de i forvejen kommer, og "
            "undgår at blive sendt rundt i kommunen. Tidlig gældsrådgivning kan forhindre en "
            "udsættelse."
        ),
        "value_organisations": (
            "Lægen frigør konsultationstid til medicinske problemer, og kommunen kommer tidligere "
            "ind i sager, der ellers ender som langvarige sygemeldinger eller akut boligsøgning. "
            "En afværget udsættelse af en børnefamilie sparer kommunen for midlertidig "
            "indkvartering og flytning af børnene."
        ),
        "measurement": (
            "Antal bookede og gennemførte samtaler, antal gentagne konsultationer med social "
            "årsag, og patienternes egen vurdering af, om de fik hjælp til det rigtige. "
            "KP's studerende samler interviewene i en kort rapport."
        ),
        "resources": (
            "Fire timer hver anden uge fra en kommunal socialrådgiver og en gældsrådgiver fra "
            "Mødrehjælpen, et konsultationsrum i lægehuset og vejledningstid fra en lektor på "
            "socialrådgiveruddannelsen."
        ),
        "risks": (
            "Lægehusets lokaler er begrænsede, og kommunens socialrådgivere er i forvejen "
            "pressede. Der skal være styr på samtykke og tavshedspligt, når oplysninger deles "
            "mellem lægehus, kommune og en frivillig organisation."
        ),
        "scaling": (
            "Kan udbredes til de andre lægehuse i Gladsaxe med en fælles rotationsordning. "
            "Lignende ordninger med socialrådgivere i almen praksis er afprøvet andre steder; "
            "dem vil vi søge efter i netværkets databank."
        ),
        "authors": [
            "Signe Toft",
            "Ole Brink",
            "Fatima El-Sayed",
            "Rikke Abildgaard",
            "Jannie Kofoed",
        ],
    },
    {
        "title": "Studerende som brobyggere",
        "summary": (
            "Tværprofessionelle teams af sygeplejerske-, socialrådgiver- og "
            "ergoterapeutstuderende fra KP følger i deres praktik familier med komplekse behov på "
            "tværs af hospital og kommune. De studerende hjælper familien med overblik over "
            "aftaler og kontaktpersoner og lærer samtidig at arbejde tværsektorielt."
        ),
        "target_group": (
            "Børnefamilier i Københavns Kommune, hvor en forælder har en kronisk sygdom som KOL, "
            "sclerose eller hjertesvigt og er i forløb på Bispebjerg og Frederiksberg Hospital."
        ),
        "problem": (
            "Familierne fortæller, at de selv er projektledere på sygdommen og skal holde styr på "
            "8-10 aftaler om måneden hos forskellige instanser. Børnene tager ofte et stort ansvar "
            "derhjemme, uden at nogen fagperson opdager det."
        ),
        "problem_owner": "bispebjerg-frederiksberg-hospital",
        "citizen_voice": (
            "De studerende laver et interview med hver familie om en almindelig uge ved "
            "forløbets start og slut. To forældre fra hospitalets patientpanel er med til at "
            "udforme praktikforløbet."
        ),
        "evidence": (
            "Forslaget bygger på erfaringer fra praktikvejledere og hospitalssocialrådgivere og på "
            "fem familiecases, som socialrådgiverne har beskrevet. Vi har endnu ingen systematiske "
            "data om, hvor mange familier det drejer sig om."
        ),
        "evidence_kind": "second_hand",
        "idea": (
            "Et team af studerende fra tre uddannelser er i praktikperioden fast kontakt for to "
            "til tre familier og deltager i møder både på hospitalet og i kommunen. Sammen med "
            "familien laver de et overblik over aftaler og kontaktpersoner, som familien selv ejer "
            "og kan vise til alle."
        ),
        "goals": [
            {
                "goal": "Familien får overblik og én at spørge i en travl periode",
                "activities": [
                    "Fælles overblik over aftaler og kontaktpersoner, som familien ejer",
                    "Ugentlig kontakt mellem studenterteamet og familien",
                ],
            },
            {
                "goal": "Fremtidens fagfolk lærer tværsektorielt samarbejde i praksis",
                "activities": [
                    "Tværprofessionelt praktikforløb på 10 uger godkendt af tre uddannelser",
                    "Fælles refleksionsmøder med vejledere fra hospital og kommune",
                    "Studerende præsenterer læringen for afdeling og forvaltning",
                ],
            },
        ],
        "organisations": [
            "kp",
            "bispebjerg-frederiksberg-hospital",
            "koebenhavns-kommune",
            "region-hovedstaden",
        ],
        "process_owners": [
            {"organisation": "kp", "contact": "Mads Kronborg"},
            {
                "organisation": "bispebjerg-frederiksberg-hospital",
                "contact": "Trine Vang Eriksen",
            },
        ],
        "trial_action": {
            "what": (
                "Ét studenterteam på tre studerende følger tre familier i forårets praktikperiode."
            ),
            "where": (
                "Lungemedicinsk Ambulatorium, Bispebjerg Hospital, og Borgercenter Børn og Unge, "
                "Københavns Kommune"
            ),
            "when": "2027-02-22",
        },
        "value_citizens": (
            "Familien får overblik og en fast kontakt i en presset periode, og børnenes situation "
            "bliver set. Overblikket bliver hos familien, når praktikken slutter."
        ),
        "value_organisations": (
            "Færre aflyste og dobbeltbookede aftaler og tidligere opsporing af børn, der bærer for "
            "meget. Uddannelserne får et praktikforløb, der træner netop det tværsektorielle "
            "samarbejde, som hospital og kommune efterspørger hos nyuddannede."
        ),
        "measurement": (
            "Familiens oplevede overblik målt ved start og slut, antal aflyste aftaler og de "
            "studerendes læringsudbytte i deres praktikevaluering. Vejlederne vurderer, om "
            "forløbet kan gentages næste semester."
        ),
        "resources": (
            "Godkendelse af et tværprofessionelt praktikforløb i tre studieordninger, ca. to "
            "vejledertimer om ugen pr. team fra hospital og kommune og koordinering fra KP."
        ),
        "risks": (
            "De studerende skifter hvert semester, så familien kan miste sin kontakt. De "
            "studerende må ikke udføre myndighedsopgaver, og der skal være klare aftaler om "
            "tavshedspligt og samtykke."
        ),
        "scaling": (
            "Kan indgå i alle professionshøjskolers tværprofessionelle praktikelementer, fx hos "
            "Professionshøjskolen Absalon sammen med sygehusene i Region Sjælland."
        ),
        "authors": [
            "Mads Kronborg",
            "Trine Vang Eriksen",
            "Simon Kjær Laursen",
            "Julie Storm Madsen",
            "Ida Nørskov",
            "Frederik Lauge Nissen",
        ],
    },
    {
        "title": "Børnene med",
        "summary": (
            "Når en forælder indlægges i psykiatrien, tilbydes børnene en børnesamtale inden for "
            "en uge og – med forælderens samtykke – kontakt til skolesundhedsplejersken. Bedre "
            "Psykiatri tilbyder bagefter børnene en plads i en samtalegruppe for børn som "
            "pårørende."
        ),
        "target_group": (
            "Børn og unge på 6-17 år i Københavns Kommune, hvis mor eller far er indlagt på et "
            "psykiatrisk center i Region Hovedstadens Psykiatri."
        ),
        "problem": (
            "Børnene fortæller, at ingen forklarer dem, hvad der sker med deres mor eller far, og "
            "at de ikke ved, om de må fortælle det til nogen. Skolen opdager først, at noget er "
            "galt, når fraværet stiger – og så er der gået måneder."
        ),
        "problem_owner": "region-hovedstadens-psykiatri",
        "citizen_voice": (
            "Bedre Psykiatri har samlet udsagn fra 11 unge pårørende i deres samtalegrupper, og to "
            "unge er med i teamet som sparringspartnere. Forældre på afsnittene bliver spurgt, "
            "hvordan de helst vil have, at skolen orienteres."
        ),
        "evidence": (
            "En stikprøve på ét sengeafsnit over fire uger viste, at 9 ud af 31 indlagte havde "
            "børn under 18 år, og at kun 3 af dem havde fået tilbudt en børnesamtale. I dag "
            "registreres det ikke systematisk, om indlagte har hjemmeboende børn."
        ),
        "evidence_kind": "first_hand",
        "idea": (
            "Kontaktpersonen spørger altid til børn ved indlæggelsen og tilbyder en børnesamtale. "
            "Med samtykke sender afsnittet en kort besked til skolesundhedsplejersken, som tager "
            "en samtale med barnet, og Bedre Psykiatri kontakter familien om samtalegruppen."
        ),
        "goals": [
            {
                "goal": "Alle børn af indlagte forældre bliver set og får en forklaring",
                "activities": [
                    "Fast spørgsmål om hjemmeboende børn i indlæggelsessamtalen",
                    "Børnesamtale inden for en uge med den børneansvarlige på afsnittet",
                ],
            },
            {
                "goal": "Skolen og civilsamfundet kan støtte barnet i hverdagen",
                "activities": [
                    "Samtykkebaseret besked fra afsnittet til skolesundhedsplejen",
                    "Tilbud om plads i Bedre Psykiatris samtalegruppe for børn som pårørende",
                    "Fælles opfølgning med PPR, hvis barnet har stort fravær",
                ],
            },
        ],
        "organisations": [
            "region-hovedstadens-psykiatri",
            "koebenhavns-kommune",
            "bedre-psykiatri",
            "region-hovedstaden",
        ],
        "process_owners": [
            {"organisation": "region-hovedstadens-psykiatri", "contact": "Eva Gram Thomsen"},
            {"organisation": "bedre-psykiatri", "contact": "Line Bach Petersen"},
        ],
        "trial_action": {
            "what": (
                "To sengeafsnit spørger systematisk til børn og tilbyder børnesamtale; med "
                "samtykke får skolesundhedsplejen besked."
            ),
            "where": "Psykiatrisk Center København og skolerne i Bispebjerg",
            "when": "2027-04-05",
        },
        "value_citizens": (
            "Børnene får en forklaring, en voksen at tale med i skolen og andre børn i samme "
            "situation at spejle sig i. Forældrene får ro til at blive behandlet, fordi de ved, at "
            "der bliver taget hånd om børnene."
        ),
        "value_organisations": (
            "Tidlig støtte kan forebygge skolefravær, mistrivsel og senere behov for "
            "børnepsykiatrisk udredning eller særlig støtte i skolen. Psykiatrien lever op til "
            "sundhedslovens krav om at tage hånd om børn som pårørende."
        ),
        "measurement": (
            "Andel indlagte forældre, der bliver spurgt om børn, antal gennemførte børnesamtaler "
            "og antal børn i samtalegrupperne. Børnenes skolefravær følges før og efter med "
            "forældrenes samtykke."
        ),
        "resources": (
            "Tid til børnesamtaler på afsnittene (ca. én time pr. barn), en fast kontakt i "
            "skolesundhedsplejen og frivillige gruppeledere fra Bedre Psykiatri, som skal "
            "uddannes."
        ),
        "risks": (
            "Forældre kan frygte, at kontakt til skolen fører til en underretning. De "
            "børneansvarlige findes på papiret, men har ofte ikke tid på travle sengeafsnit."
        ),
        "scaling": (
            "Kan udbredes til alle psykiatriske centre i regionen og senere til somatikken, fx "
            "ved alvorlig kræftsygdom hos en forælder."
        ),
        "authors": [
            "Eva Gram Thomsen",
            "Nikolaj Bruun",
            "Line Bach Petersen",
            "Mie Søgaard",
            "Ahmad Rahimi",
            "Karen Lykkegaard",
        ],
    },
]

# The one automatic conflict of interest: Region Sjælland takes part in this proposal.
REVIEWER_CONFLICT = {
    "reviewer": "birgitte.nyholm@demo.hackathon.dk",
    "proposal": "Diabetes er en familiesag",
}


# The published decision (as in the seeds: God Start and Familiens Broer go on to testing).
# Selected proposals take their problem owner, process owners and first trial action from the
# proposal itself; the dates are those of the proposals' first trial actions.
DECISIONS: dict[str, dict] = {
    "God Start": {
        "outcome": "selected",
        "rationale": (
            "Højest rangeret og robust: i top 2 med alle metoder. Stærk borgerinddragelse med "
            "rigtige forløb, og kommunen, sygehuset og almen praksis står allerede sammen om "
            "første prøvehandling. Gruppen lagde vægt på, at den gravide kun skal fortælle sin "
            "historie én gang."
        ),
    },
    "Familiens Broer": {
        "outcome": "selected",
        "rationale": (
            "Bredest tværsektoriel rækkevidde: kommune, almen praksis og regional psykiatri om "
            "samme familie. Reviewerne var uenige om gennemførbarheden; gruppen vurderede, at "
            "sparringsmøderne kan afprøves med få ressourcer, hvis finansieringen af lægernes tid "
            "afklares før start."
        ),
    },
    "Første døgn hjemme": {
        "outcome": "waitlist",
        "rationale": (
            "Et stærkt forslag tæt på de to udvalgte. Står først på ventelisten, hvis en af de "
            "udvalgte prototyper ikke kan komme i gang."
        ),
    },
    "Diabetes er en familiesag": {
        "outcome": "not_selected",
        "rationale": (
            "Vigtigt problem, men målgruppen ligger uden for dagens tema om udsatte familier. "
            "Gruppen anbefaler at tage forslaget med til Steno Diabetes Center Sjællands eget "
            "udviklingsforløb."
        ),
    },
    "Én familie – én plan": {
        "outcome": "merged",
        "merged_into": "Familiens Broer",
        "rationale": (
            "Idéen om én fælles plan dækker samme behov som Familiens Broer. Teamet inviteres "
            "med i Familiens Broer, så planen bliver en del af sparringsmøderne."
        ),
    },
    "Råd og ro i lægehuset": {
        "outcome": "not_selected",
        "rationale": (
            "Godt forankret i almen praksis, men den tværsektorielle del er endnu for tynd. "
            "Teamet opfordres til at finde en kommunal partner og søge igen næste år."
        ),
    },
    "Studerende som brobyggere": {
        "outcome": "not_selected",
        "rationale": (
            "Spændende brug af studerende, men prøvehandlingen er ikke konkret nok endnu: hvem "
            "ejer forløbet, når semestret slutter?"
        ),
    },
    "Børnene med": {
        "outcome": "waitlist",
        "rationale": (
            "Stærkt borgerperspektiv fra børnene selv. Nummer to på ventelisten; kan kobles på "
            "Familiens Broer, hvis den kommer godt i gang."
        ),
    },
}
