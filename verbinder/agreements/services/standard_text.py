"""The standard text of a route's tripartite agreement (WHW art. 7.7), in Dutch.

It is content, not interface text: the coordinator edits it in the template editor, and it is what the parties
sign. It covers every topic of the praktijkleren minimum content (DOMAIN.md) with an article tagged with that
topic, sets out each party's obligations, and has an article for the second company of a shared placement (the
documents leave that article out when the placement is not shared). Fields of the placement are written
`{field}` (verbinder/agreements/placeholders.py).
"""

from __future__ import annotations

from typing import NamedTuple

from verbinder.agreements.enums import ClauseParty, ClauseTopic


class StandardClause(NamedTuple):
    party: str
    topic: str
    heading: str
    body: str


TITLE = "Tripartiete overeenkomst duale opleiding"

INTRODUCTION = """\
De ondergetekenden:

1. **{hogeschool}**, voor de opleiding {programme} ({degree}, CROHO-code {croho_code}), hierna te noemen
   *de hogeschool*, vertegenwoordigd door {coordinator_name};
2. **{student_name}**, studentnummer {student_number}, hierna te noemen *de student*;
3. **{company_name}**, KVK-nummer {company_kvk}, gevestigd te {company_address}, hierna te noemen *het bedrijf*;

hierna samen te noemen *partijen*;

overwegende dat:

- de student is ingeschreven voor de duale opleiding {programme} van de hogeschool, waarin een opleidingsdeel en
  een beroepsuitoefeningsdeel (het praktijkdeel) elkaar afwisselen;
- artikel 7.7 van de Wet op het hoger onderwijs en wetenschappelijk onderzoek (WHW) voorschrijft dat de
  inrichting van het beroepsuitoefeningsdeel wordt vastgelegd in een overeenkomst tussen de instelling, de
  student en de werkgever of de instelling waar het praktijkdeel plaatsvindt;
- partijen met deze overeenkomst hun afspraken over de duur, de begeleiding, de te verwerven competenties en de
  beoordeling van het praktijkdeel en ieders rechten en plichten willen vastleggen;

komen het volgende overeen:
"""

CLAUSES: tuple[StandardClause, ...] = (
    StandardClause(
        ClauseParty.GENERAL,
        "",
        "Begripsbepalingen en doel",
        """\
1. In deze overeenkomst wordt verstaan onder:
    - *praktijkdeel*: het beroepsuitoefeningsdeel van de duale opleiding, dat de student bij het bedrijf volgt;
    - *praktijkbegeleider*: de door het bedrijf aangewezen medewerker die de student op de werkplek begeleidt;
    - *docentbegeleider*: de door de hogeschool aangewezen docent die de student namens de opleiding begeleidt;
    - *OER*: de onderwijs- en examenregeling van de opleiding, zoals die voor de student geldt.
2. Deze overeenkomst regelt de inrichting van het praktijkdeel als bedoeld in artikel 7.7 WHW en de rechten
   en plichten van partijen daarbij.
3. Bij strijdigheid tussen deze overeenkomst en de OER gaat de OER voor, voor zover het de inhoud, de toetsing
   en de beoordeling van de opleiding betreft.""",
    ),
    StandardClause(
        ClauseParty.GENERAL,
        ClauseTopic.PERIOD,
        "Looptijd van de overeenkomst",
        """\
1. Deze overeenkomst gaat in op {start_date} en eindigt op {end_date}, zonder dat opzegging nodig is.
2. Partijen kunnen de looptijd alleen schriftelijk verlengen of wijzigen, door een addendum dat door alle
   partijen is ondertekend.
3. De overeenkomst eindigt van rechtswege eerder wanneer de inschrijving van de student voor de opleiding
   eindigt, of tussentijds volgens het artikel over tussentijdse beëindiging.""",
    ),
    StandardClause(
        ClauseParty.GENERAL,
        ClauseTopic.PRACTICAL_DURATION,
        "Duur en omvang van het praktijkdeel",
        """\
1. Het praktijkdeel duurt {duration_weeks} weken, van {start_date} tot en met {end_date}.
2. De student werkt in die periode {working_time} bij het bedrijf; de overige tijd volgt de student het
   opleidingsdeel aan de hogeschool.
3. Het bedrijf roostert de student niet in op de dagen en tijden die de hogeschool voor het opleidingsdeel heeft
   vastgesteld, en geeft de student de gelegenheid toetsen en examens bij te wonen.
4. Bij afwezigheid door ziekte of om een andere reden meldt de student zich af bij de praktijkbegeleider en bij
   de docentbegeleider. Partijen overleggen hoe gemiste tijd wordt ingehaald wanneer dat nodig is om de
   competenties van het praktijkdeel te verwerven.""",
    ),
    StandardClause(
        ClauseParty.GENERAL,
        ClauseTopic.SUPERVISION,
        "Begeleiding van de student",
        """\
1. Het bedrijf wijst {company_supervisor} aan als praktijkbegeleider. De praktijkbegeleider beschikt over de
   deskundigheid en de tijd om de student op de werkplek te begeleiden.
2. De hogeschool wijst {teacher_name} aan als docentbegeleider. De docentbegeleider bewaakt de samenhang tussen
   het opleidingsdeel en het praktijkdeel en is het aanspreekpunt van het bedrijf voor de opleiding.
3. De student, de praktijkbegeleider en de docentbegeleider voeren ten minste drie keer per studiejaar een
   voortgangsgesprek: bij de start (werkplan), halverwege en aan het einde van het praktijkdeel. Van elk gesprek
   maakt de student een kort verslag dat de praktijkbegeleider en de docentbegeleider bevestigen.
4. Wordt de praktijkbegeleider of de docentbegeleider vervangen, dan meldt de betrokken partij dit zo spoedig
   mogelijk aan de andere partijen, met de naam van de opvolger.""",
    ),
    StandardClause(
        ClauseParty.GENERAL,
        ClauseTopic.QUALITIES,
        "Te verwerven competenties en beoordeling",
        """\
1. In het praktijkdeel verwerft de student de competenties (beroepsbekwaamheden) die de OER voor dit deel van
   de opleiding {programme} vaststelt. Aan het begin van het praktijkdeel leggen de student, de
   praktijkbegeleider en de docentbegeleider in een werkplan vast met welke werkzaamheden de student die
   competenties verwerft.
2. Het bedrijf zorgt voor werkzaamheden die passen bij het niveau en de fase van de opleiding en die de student
   de gelegenheid geven de competenties te verwerven en aan te tonen.
3. De beoordeling van het praktijkdeel gebeurt door de hogeschool, volgens de OER: de examinator beoordeelt de
   beroepsproducten en het portfolio van de student. De praktijkbegeleider geeft een schriftelijk,
   onderbouwd advies over het functioneren van de student op de werkplek, dat de examinator in de beoordeling
   betrekt.
4. De vaststelling van de uitslag is voorbehouden aan de hogeschool. De student kan tegen een beoordeling in
   beroep gaan volgens de regels van de OER.""",
    ),
    StandardClause(
        ClauseParty.SCHOOL,
        "",
        "Verplichtingen van de hogeschool",
        """\
De hogeschool:

1. verzorgt het opleidingsdeel en stemt de inhoud en planning ervan af op het praktijkdeel;
2. wijst een docentbegeleider aan, die de student begeleidt en ten minste de voortgangsgesprekken bijwoont;
3. informeert het bedrijf tijdig over de OER, de competenties van het praktijkdeel, het werkplan en de wijze
   van beoordeling, en over wijzigingen daarin;
4. ondersteunt de praktijkbegeleider bij de begeleiding en de beoordeling, onder meer door
   praktijkbegeleidersbijeenkomsten;
5. beoordeelt het praktijkdeel volgens de OER en deelt de uitslag mee aan de student en het bedrijf;
6. treedt bij problemen in de samenwerking zo spoedig mogelijk in overleg met de student en het bedrijf.""",
    ),
    StandardClause(
        ClauseParty.STUDENT,
        "",
        "Verplichtingen van de student",
        """\
De student:

1. volgt het opleidingsdeel en het praktijkdeel volgens het werkplan en de afspraken in deze overeenkomst;
2. houdt zich aan de werktijden, huisregels, veiligheidsvoorschriften en aanwijzingen van het bedrijf;
3. bereidt de voortgangsgesprekken voor en houdt een portfolio bij waarmee de verworven competenties worden
   aangetoond;
4. meldt afwezigheid tijdig bij de praktijkbegeleider en de docentbegeleider;
5. meldt problemen op de werkplek of in de opleiding zo spoedig mogelijk bij de docentbegeleider;
6. neemt de geheimhouding in acht zoals bepaald in deze overeenkomst.""",
    ),
    StandardClause(
        ClauseParty.COMPANY,
        "",
        "Verplichtingen van het bedrijf",
        """\
Het bedrijf:

1. biedt de student een leerwerkplek met werkzaamheden waarmee de student de competenties van het
   praktijkdeel kan verwerven, {company_share};
2. wijst een praktijkbegeleider aan en geeft die de tijd en de ruimte om de student te begeleiden en de
   voortgangsgesprekken bij te wonen;
3. geeft de student de gelegenheid het opleidingsdeel te volgen en toetsen en examens af te leggen;
4. zorgt voor veilige en gezonde arbeidsomstandigheden volgens de Arbeidsomstandighedenwet en licht de student
   in over de risico's van het werk en de maatregelen daartegen;
5. geeft de praktijkbegeleider de gelegenheid een onderbouwd advies te geven voor de beoordeling;
6. meldt zo spoedig mogelijk aan de hogeschool wanneer de student niet of onvoldoende functioneert, wanneer de
   leerwerkplek wijzigt of wanneer het bedrijf de arbeidsrelatie met de student wil beëindigen.""",
    ),
    StandardClause(
        ClauseParty.SECOND_COMPANY,
        "",
        "Gedeelde leerwerkplek: het tweede bedrijf",
        """\
1. Het praktijkdeel wordt gedeeld met **{second_company_name}**, KVK-nummer {second_company_kvk}, gevestigd te
   {second_company_address}, hierna te noemen *het tweede bedrijf*. De student werkt bij het tweede bedrijf
   {second_company_share}.
2. Het tweede bedrijf wijst {second_company_supervisor} aan als praktijkbegeleider voor het deel van het
   praktijkdeel bij het tweede bedrijf.
3. De verplichtingen van het bedrijf in deze overeenkomst gelden voor het tweede bedrijf op dezelfde wijze, voor
   het deel van het praktijkdeel dat de student daar volgt.
4. Het bedrijf en het tweede bedrijf stemmen de werkzaamheden, de planning en de begeleiding onderling af,
   zodat de student samen met beide leerwerkplekken alle competenties van het praktijkdeel kan verwerven. De
   praktijkbegeleiders van beide bedrijven geven een gezamenlijk advies voor de beoordeling.""",
    ),
    StandardClause(
        ClauseParty.GENERAL,
        "",
        "Arbeidsovereenkomst",
        """\
1. Tussen de student en het bedrijf geldt voor de duur van het praktijkdeel: {contract_type}. Die overeenkomst
   regelt onder meer de beloning, de werktijden en het verlof; deze overeenkomst laat haar onverlet.
2. Eindigt de arbeidsovereenkomst of andere overeenkomst tussen de student en het bedrijf, dan meldt het bedrijf
   dit onmiddellijk aan de hogeschool. Partijen overleggen dan over een andere leerwerkplek.""",
    ),
    StandardClause(
        ClauseParty.GENERAL,
        "",
        "Verzekering en aansprakelijkheid",
        """\
1. Het bedrijf verzekert de student tijdens het praktijkdeel tegen wettelijke aansprakelijkheid op dezelfde wijze
   als zijn eigen medewerkers, en is aansprakelijk voor schade die de student bij de uitvoering van de
   werkzaamheden aan derden toebrengt, behoudens opzet of bewuste roekeloosheid van de student.
2. De hogeschool is niet aansprakelijk voor schade die de student of het bedrijf lijdt bij of door het
   praktijkdeel, behoudens opzet of grove schuld van de hogeschool.
3. De student zorgt zelf voor een zorgverzekering en is aangeraden een particuliere aansprakelijkheidsverzekering
   te hebben.""",
    ),
    StandardClause(
        ClauseParty.GENERAL,
        "",
        "Geheimhouding en persoonsgegevens",
        """\
1. De student houdt geheim wat hem of haar bij het bedrijf als vertrouwelijk bekend wordt, ook na het einde van
   deze overeenkomst. Beroepsproducten voor de opleiding worden zo opgesteld dat zij geen vertrouwelijke
   gegevens van het bedrijf bevatten, of alleen met toestemming van het bedrijf.
2. De hogeschool en het bedrijf verwerken persoonsgegevens van de student alleen voor de uitvoering van deze
   overeenkomst en de opleiding, volgens de Algemene verordening gegevensbescherming (AVG).
3. Het bedrijf geeft de hogeschool de informatie over het functioneren van de student die nodig is voor de
   begeleiding en de beoordeling.""",
    ),
    StandardClause(
        ClauseParty.GENERAL,
        ClauseTopic.EARLY_END,
        "Tussentijdse beëindiging",
        """\
1. Deze overeenkomst eindigt tussentijds:
    - wanneer de inschrijving van de student voor de opleiding eindigt;
    - wanneer de arbeidsovereenkomst of andere overeenkomst tussen de student en het bedrijf eindigt en
      partijen geen andere afspraak maken;
    - met wederzijds goedvinden van alle partijen, schriftelijk vastgelegd.
2. Elke partij kan de overeenkomst schriftelijk opzeggen met een opzegtermijn van een maand, wanneer een andere
   partij haar verplichtingen ernstig tekortschiet en dat na een schriftelijke ingebrekestelling niet binnen
   redelijke termijn herstelt, of wanneer de leerwerkplek niet langer geschikt is om de competenties van het
   praktijkdeel te verwerven.
3. Voordat een partij opzegt, voeren partijen een gesprek met de docentbegeleider om te bezien of de problemen
   kunnen worden opgelost. De hogeschool spant zich na een beëindiging in om de student te helpen een andere
   leerwerkplek te vinden.
4. De hogeschool legt de datum en de reden van de beëindiging vast en meldt die aan alle partijen.""",
    ),
    StandardClause(
        ClauseParty.GENERAL,
        "",
        "Wijzigingen, geschillen en slotbepalingen",
        """\
1. Wijzigingen van deze overeenkomst zijn alleen geldig wanneer zij in een addendum zijn vastgelegd dat door
   alle partijen is ondertekend. Een addendum vervangt de overeenkomst vanaf de ondertekening.
2. Partijen lossen geschillen over deze overeenkomst eerst in onderling overleg op. Geschillen over de
   beoordeling volgen de regels van de OER.
3. Op deze overeenkomst is Nederlands recht van toepassing.
4. Deze overeenkomst wordt elektronisch ondertekend. Elke partij ontvangt het ondertekende document met het
   overzicht van de ondertekeningen.

Aldus overeengekomen en opgemaakt op {today}.""",
    ),
)
