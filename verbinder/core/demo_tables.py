"""Reference data for the demo: real hogescholen, programmes, cities and sectors, in Dutch.

Names of hogescholen, branch associations and cities are real so that the demo reads like a real
installation; every company, person, KVK number and e-mail address is made up.
"""

from __future__ import annotations

from dataclasses import dataclass

from verbinder.partners.enums import CrohoArea, DegreeType


@dataclass(frozen=True)
class City:
    name: str
    province: str
    postcode_low: int
    postcode_high: int
    area_code: str  # the trunk prefix of local phone numbers, e.g. "030"


@dataclass(frozen=True)
class Hogeschool:
    name: str
    city: str
    sectors: tuple[str, ...] = ()  # the sectors of its programmes; empty means all


@dataclass(frozen=True)
class Sector:
    key: str
    sbi_codes: tuple[str, ...]
    company_names: tuple[str, ...]  # "{name}" is a family name
    branch_associations: tuple[str, str]
    employers_organisation: str
    partnership_prefix: str
    institute: str
    focus: str
    supervisor_titles: tuple[str, ...]


@dataclass(frozen=True)
class Programme:
    name: str
    degree: DegreeType
    croho_code: str
    croho_area: CrohoArea
    sector: str


CITIES: tuple[City, ...] = (
    City("Groningen", "Groningen", 9711, 9747, "050"),
    City("Hoogezand", "Groningen", 9601, 9611, "0598"),
    City("Veendam", "Groningen", 9641, 9649, "0598"),
    City("Delfzijl", "Groningen", 9901, 9919, "0596"),
    City("Leeuwarden", "Friesland", 8911, 8941, "058"),
    City("Drachten", "Friesland", 9200, 9204, "0512"),
    City("Heerenveen", "Friesland", 8440, 8448, "0513"),
    City("Sneek", "Friesland", 8600, 8608, "0515"),
    City("Zwolle", "Overijssel", 8011, 8045, "038"),
    City("Enschede", "Overijssel", 7511, 7548, "053"),
    City("Hengelo", "Overijssel", 7550, 7559, "074"),
    City("Deventer", "Overijssel", 7411, 7429, "0570"),
    City("Almelo", "Overijssel", 7601, 7609, "0546"),
    City("Almere", "Flevoland", 1311, 1363, "036"),
    City("Lelystad", "Flevoland", 8211, 8245, "0320"),
    City("Dronten", "Flevoland", 8251, 8256, "0321"),
    City("Emmeloord", "Flevoland", 8301, 8309, "0527"),
    City("Arnhem", "Gelderland", 6811, 6846, "026"),
    City("Nijmegen", "Gelderland", 6511, 6546, "024"),
    City("Apeldoorn", "Gelderland", 7311, 7339, "055"),
    City("Ede", "Gelderland", 6711, 6718, "0318"),
    City("Doetinchem", "Gelderland", 7001, 7009, "0314"),
    City("Tiel", "Gelderland", 4001, 4007, "0344"),
    City("Utrecht", "Utrecht", 3511, 3585, "030"),
    City("Amersfoort", "Utrecht", 3811, 3829, "033"),
    City("Nieuwegein", "Utrecht", 3430, 3439, "030"),
    City("Veenendaal", "Utrecht", 3900, 3909, "0318"),
    City("Zeist", "Utrecht", 3701, 3709, "030"),
    City("Amsterdam", "Noord-Holland", 1011, 1109, "020"),
    City("Haarlem", "Noord-Holland", 2011, 2037, "023"),
    City("Alkmaar", "Noord-Holland", 1811, 1827, "072"),
    City("Zaandam", "Noord-Holland", 1501, 1509, "075"),
    City("Hilversum", "Noord-Holland", 1211, 1223, "035"),
    City("Hoorn", "Noord-Holland", 1621, 1628, "0229"),
    City("Rotterdam", "Zuid-Holland", 3011, 3089, "010"),
    City("Den Haag", "Zuid-Holland", 2491, 2599, "070"),
    City("Leiden", "Zuid-Holland", 2311, 2334, "071"),
    City("Delft", "Zuid-Holland", 2611, 2629, "015"),
    City("Dordrecht", "Zuid-Holland", 3311, 3329, "078"),
    City("Gouda", "Zuid-Holland", 2801, 2809, "0182"),
    City("Zoetermeer", "Zuid-Holland", 2711, 2729, "079"),
    City("Middelburg", "Zeeland", 4331, 4339, "0118"),
    City("Vlissingen", "Zeeland", 4381, 4389, "0118"),
    City("Goes", "Zeeland", 4461, 4465, "0113"),
    City("Terneuzen", "Zeeland", 4531, 4539, "0115"),
    City("Eindhoven", "Noord-Brabant", 5611, 5658, "040"),
    City("Tilburg", "Noord-Brabant", 5011, 5049, "013"),
    City("Breda", "Noord-Brabant", 4811, 4839, "076"),
    City("'s-Hertogenbosch", "Noord-Brabant", 5211, 5237, "073"),
    City("Helmond", "Noord-Brabant", 5701, 5709, "0492"),
    City("Oss", "Noord-Brabant", 5341, 5351, "0412"),
    City("Roosendaal", "Noord-Brabant", 4701, 4709, "0165"),
    City("Maastricht", "Limburg", 6211, 6229, "043"),
    City("Heerlen", "Limburg", 6411, 6422, "045"),
    City("Venlo", "Limburg", 5911, 5928, "077"),
    City("Sittard", "Limburg", 6131, 6137, "046"),
    City("Roermond", "Limburg", 6041, 6047, "0475"),
)
CITY_BY_NAME = {city.name: city for city in CITIES}

HOGESCHOLEN: tuple[Hogeschool, ...] = (
    Hogeschool("Hogeschool Utrecht", "Utrecht"),
    Hogeschool("Hogeschool van Amsterdam", "Amsterdam"),
    Hogeschool("Hogeschool Rotterdam", "Rotterdam"),
    Hogeschool("De Haagse Hogeschool", "Den Haag"),
    Hogeschool("Hogeschool Inholland", "Haarlem"),
    Hogeschool("Hogeschool Leiden", "Leiden"),
    Hogeschool("Fontys Hogescholen", "Eindhoven"),
    Hogeschool("Avans Hogeschool", "'s-Hertogenbosch"),
    Hogeschool("Breda University of Applied Sciences", "Breda", ("logistiek", "handel", "ict")),
    Hogeschool("HAN University of Applied Sciences", "Arnhem"),
    Hogeschool("Christelijke Hogeschool Ede", "Ede", ("sociaal", "zorg", "handel", "ict")),
    Hogeschool("Saxion", "Enschede"),
    Hogeschool("Hogeschool Windesheim", "Zwolle"),
    Hogeschool("Hanzehogeschool Groningen", "Groningen"),
    Hogeschool("NHL Stenden Hogeschool", "Leeuwarden"),
    Hogeschool("Van Hall Larenstein", "Leeuwarden", ("groen", "food")),
    Hogeschool("Aeres Hogeschool", "Dronten", ("groen", "food")),
    Hogeschool("Zuyd Hogeschool", "Heerlen"),
    Hogeschool("HZ University of Applied Sciences", "Vlissingen"),
    Hogeschool("HAS green academy", "'s-Hertogenbosch", ("groen", "food")),
)

_TECH_SUPERVISORS = ("Teamleider productie", "Werkvoorbereider", "Hoofd engineering", "Meewerkend voorman")

SECTORS: dict[str, Sector] = {
    sector.key: sector
    for sector in (
        Sector(
            key="techniek",
            sbi_codes=("2562", "2829", "3312", "2849", "25501", "28221", "7112", "3311"),
            company_names=(
                "{name} Metaaltechniek", "{name} Machinebouw", "Precisietechniek {name}", "Constructiebedrijf {name}",
                "{name} Engineering", "{name} Industriële Automatisering", "Lasbedrijf {name}",
                "{name} & {other} Maakindustrie",
            ),
            branch_associations=("Koninklijke Metaalunie", "NEVAT"),
            employers_organisation="FME",
            partnership_prefix="Techniekpact",
            institute="Instituut voor Engineering",
            focus="werkvoorbereiding en engineering",
            supervisor_titles=_TECH_SUPERVISORS,
        ),
        Sector(
            key="installatie",
            sbi_codes=("4321", "4322", "3314", "2712", "43221", "4329"),
            company_names=(
                "{name} Installatietechniek", "Elektrotechniek {name}", "{name} Klimaattechniek",
                "{name} Energietechniek", "Installatiebedrijf {name} & Zn.", "{name} Duurzame Installaties",
            ),
            branch_associations=("Techniek Nederland", "NVKL"),
            employers_organisation="Werkgeversvereniging Installatiebedrijven",
            partnership_prefix="Energietransitie Werkt",
            institute="Instituut voor Elektrotechniek en Energie",
            focus="elektrotechniek en warmtepompen",
            supervisor_titles=("Projectleider installaties", "Servicemonteur", "Hoofd werkplaats", "Calculator"),
        ),
        Sector(
            key="ict",
            sbi_codes=("6201", "62012", "6202", "6311", "6209", "63111"),
            company_names=(
                "{name} Software", "{name} IT Solutions", "{name} Digital", "Datalab {name}", "{name} Cloud Services",
                "{name} & {other} ICT", "Webbureau {name}",
            ),
            branch_associations=("NLdigital", "Dutch Digital Agencies"),
            employers_organisation="Werkgeversvereniging ICT",
            partnership_prefix="Human Capital Agenda ICT",
            institute="Instituut voor ICT",
            focus="softwareontwikkeling en beheer",
            supervisor_titles=("Lead developer", "Scrum master", "Teamlead support", "Senior consultant"),
        ),
        Sector(
            key="bouw",
            sbi_codes=("4120", "41201", "4399", "7111", "4332", "4391"),
            company_names=(
                "Bouwbedrijf {name}", "Aannemersbedrijf {name}", "{name} Bouw & Onderhoud", "Architectenbureau {name}",
                "{name} Renovatie", "Timmerfabriek {name}",
            ),
            branch_associations=("Bouwend Nederland", "Aannemersfederatie Nederland"),
            employers_organisation="Werkgeversvereniging Bouw en Infra",
            partnership_prefix="Bouwakkoord",
            institute="Instituut Gebouwde Omgeving",
            focus="werkvoorbereiding en uitvoering",
            supervisor_titles=("Uitvoerder", "Werkvoorbereider", "Projectleider", "Calculator"),
        ),
        Sector(
            key="logistiek",
            sbi_codes=("4941", "5210", "5229", "4690", "52101"),
            company_names=(
                "{name} Transport", "{name} Logistiek", "Expeditiebedrijf {name}", "{name} Warehousing",
                "Transportbedrijf {name} & Zn.",
            ),
            branch_associations=("Transport en Logistiek Nederland", "evofenedex"),
            employers_organisation="Werkgeversvereniging Beroepsgoederenvervoer",
            partnership_prefix="Logistiek Samenwerkingsverband",
            institute="Instituut voor Logistiek en Bedrijfskunde",
            focus="planning en supply chain",
            supervisor_titles=("Planner", "Warehousemanager", "Teamleider logistiek", "Operationeel manager"),
        ),
        Sector(
            key="zorg",
            sbi_codes=("8710", "8720", "8810", "8621", "8690", "86911"),
            company_names=(
                "Thuiszorg {name}", "Huisartsenpraktijk {name}", "Fysiotherapie {name}", "Zorgboerderij {name}",
                "Kleinschalig Wonen {name}", "Wijkzorg {name} & {other}",
            ),
            branch_associations=("ActiZ", "Zorgthuisnl"),
            employers_organisation="Werkgeversvereniging Zorg en Welzijn",
            partnership_prefix="Regionaal Werkgeversnetwerk Zorg",
            institute="Instituut voor Verpleegkunde",
            focus="wijkverpleging en ouderenzorg",
            supervisor_titles=("Wijkverpleegkundige", "Teamleider zorg", "Praktijkopleider", "Zorgcoördinator"),
        ),
        Sector(
            key="sociaal",
            sbi_codes=("8891", "8899", "8810", "94991", "8559"),
            company_names=(
                "Kinderopvang {name}", "Jeugdhulp {name}", "Stichting Welzijn {name}", "Gastouderbureau {name}",
                "Begeleid Wonen {name}",
            ),
            branch_associations=("Branchevereniging Maatschappelijke Kinderopvang", "Sociaal Werk Nederland"),
            employers_organisation="Werkgeversvereniging Kinderopvang",
            partnership_prefix="Samenwerkingsverband Sociaal Domein",
            institute="Instituut voor Sociaal Werk en Educatie",
            focus="jeugd en gezin",
            supervisor_titles=("Teamcoördinator", "Pedagogisch coach", "Locatiemanager", "Ambulant begeleider"),
        ),
        Sector(
            key="groen",
            sbi_codes=("0113", "0119", "0130", "0161", "8130", "01131"),
            company_names=(
                "Kwekerij {name}", "Hoveniersbedrijf {name}", "Loonbedrijf {name}", "{name} Groenvoorziening",
                "Tuinbouwbedrijf {name} & {other}", "Melkveebedrijf {name}",
            ),
            branch_associations=("Cumela", "Vereniging Hoveniers en Groenvoorzieners"),
            employers_organisation="LTO Nederland",
            partnership_prefix="Groen Pact",
            institute="Instituut Groen en Natuur",
            focus="teelt en groenbeheer",
            supervisor_titles=("Bedrijfsleider", "Teeltmanager", "Voorman buitendienst", "Hoofd kwekerij"),
        ),
        Sector(
            key="handel",
            sbi_codes=("4711", "4690", "4778", "7022", "6920", "46900"),
            company_names=(
                "{name} Groothandel", "Administratiekantoor {name}", "{name} Advies", "{name} Retail",
                "{name} & {other} Accountants", "Woonwinkel {name}",
            ),
            branch_associations=("INretail", "NOAB"),
            employers_organisation="MKB-Nederland",
            partnership_prefix="Ondernemersplatform",
            institute="Instituut voor Business en Economie",
            focus="verkoop en financiële administratie",
            supervisor_titles=("Filiaalmanager", "Senior adviseur", "Office manager", "Hoofd administratie"),
        ),
        Sector(
            key="food",
            sbi_codes=("1071", "1013", "1089", "2011", "2059", "10711"),
            company_names=(
                "Bakkerij {name}", "{name} Food", "Vleeswarenfabriek {name}", "{name} Chemie", "{name} Zuivel",
                "{name} Ingrediënten",
            ),
            branch_associations=("Nederlandse Bakkerij Vereniging", "VNCI"),
            employers_organisation="FNLI",
            partnership_prefix="Samenwerkingsverband Procesindustrie",
            institute="Instituut voor Life Sciences en Chemie",
            focus="procestechniek en kwaliteitszorg",
            supervisor_titles=("Productieleider", "Kwaliteitsmanager", "Procesoperator", "Hoofd R&D"),
        ),
    )
}  # fmt: skip

PROGRAMMES: tuple[Programme, ...] = (
    Programme("Ad Technische Bedrijfskunde", DegreeType.ASSOCIATE, "80045", CrohoArea.ENGINEERING, "techniek"),
    Programme("Bachelor HBO-ICT duaal", DegreeType.BACHELOR, "30020", CrohoArea.ENGINEERING, "ict"),
    Programme("Ad Software Development", DegreeType.ASSOCIATE, "80084", CrohoArea.ENGINEERING, "ict"),
    Programme("Bachelor Werktuigbouwkunde duaal", DegreeType.BACHELOR, "34280", CrohoArea.ENGINEERING, "techniek"),
    Programme("Bachelor Elektrotechniek duaal", DegreeType.BACHELOR, "34276", CrohoArea.ENGINEERING, "installatie"),
    Programme("Ad Engineering", DegreeType.ASSOCIATE, "80053", CrohoArea.ENGINEERING, "techniek"),
    Programme("Bachelor Bouwkunde duaal", DegreeType.BACHELOR, "34256", CrohoArea.ENGINEERING, "bouw"),
    Programme("Ad Bouwkunde", DegreeType.ASSOCIATE, "80063", CrohoArea.ENGINEERING, "bouw"),
    Programme("Ad Logistics Management", DegreeType.ASSOCIATE, "80026", CrohoArea.ECONOMICS, "logistiek"),
    Programme("Bachelor Logistics Management duaal", DegreeType.BACHELOR, "34406", CrohoArea.ECONOMICS, "logistiek"),
    Programme("Bachelor Verpleegkunde duaal", DegreeType.BACHELOR, "34560", CrohoArea.HEALTH, "zorg"),
    Programme("Ad Management in de Zorg", DegreeType.ASSOCIATE, "80094", CrohoArea.HEALTH, "zorg"),
    Programme("Bachelor Social Work duaal", DegreeType.BACHELOR, "34606", CrohoArea.BEHAVIOUR, "sociaal"),
    Programme("Ad Pedagogisch Educatief Professional", DegreeType.ASSOCIATE, "80009", CrohoArea.BEHAVIOUR, "sociaal"),
    Programme("Bachelor Tuin- en Landschapsinrichting", DegreeType.BACHELOR, "34118", CrohoArea.AGRICULTURE, "groen"),
    Programme("Ad Agrarisch Ondernemerschap", DegreeType.ASSOCIATE, "80056", CrohoArea.AGRICULTURE, "groen"),
    Programme("Ad Ondernemen", DegreeType.ASSOCIATE, "80054", CrohoArea.ECONOMICS, "handel"),
    Programme("Bachelor Accountancy duaal", DegreeType.BACHELOR, "34402", CrohoArea.ECONOMICS, "handel"),
    Programme("Bachelor Chemische Technologie duaal", DegreeType.BACHELOR, "34396", CrohoArea.ENGINEERING, "food"),
    Programme("Ad Procestechniek", DegreeType.ASSOCIATE, "80013", CrohoArea.ENGINEERING, "food"),
    Programme("Ad Maintenance & Mechanics", DegreeType.ASSOCIATE, "80068", CrohoArea.ENGINEERING, "techniek"),
)

STREETS = (
    "Industrieweg", "Ambachtsweg", "Nijverheidsweg", "Handelsweg", "Edisonstraat", "Marconistraat", "Newtonstraat",
    "Kanaalweg", "Havenstraat", "Energieweg", "Stationsweg", "Hoofdstraat", "Kerkstraat", "Molenweg", "Dorpsstraat",
    "Zuiderhavenweg", "Transportweg", "Vlijtstraat", "Ondernemingsweg", "Innovatielaan", "Schakelweg",
    "Koggestraat", "Galileïstraat", "Spoorlaan",
)  # fmt: skip

# Postcode letters: the ones that occur in Dutch postcodes (SA, SD and SS are never used).
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"

NOTE_OPENINGS = (
    "**Kennismaking** op {date} met {contact}.",
    "Eerste contact via {channel} op {date}.",
    "Bezoek aan de werkvloer op {date}; rondleiding door {contact}.",
    "Gesprek met {contact} tijdens de werkgeversbijeenkomst van {date}.",
)
NOTE_CHANNELS = ("de branchevereniging", "een werkgeversbijeenkomst", "het arbeidsmarktonderzoek", "een oud-student")
NOTE_POINTS = (
    "Wil {places} bieden vanaf september {year}",
    "Heeft nog geen ervaring met duaal studenten",
    "Heeft eerder een student van de hogeschool begeleid",
    "Geen HR-afdeling: de eigenaar doet de werving zelf",
    "Wil een student **delen** met een ander bedrijf",
    "Vraagt naar de *subsidieregeling praktijkleren*",
    "Wil meedenken over het curriculum (klankbordgroep)",
    "Zoekt vooral mensen voor {focus}",
    "Vindt de kosten voor de begeleiding een punt van zorg",
)
PLACES = ("een leerwerkplek", "twee leerwerkplekken", "drie leerwerkplekken")
NOTE_NEXT_STEPS = (
    "intake plannen met de praktijkbegeleider",
    "uitnodigen voor de bijeenkomst in het voorjaar",
    "kosteninzicht voor een leerwerkplek sturen",
    "terugbellen na de zomer",
    "voorbeeld van de tripartiete overeenkomst sturen",
)
RELATIONSHIP_NOTES = ("Lid sinds {year}", "Gezamenlijk opleidingsproject", "Toeleverancier", "Deelt een student", "")

DUTCH_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
    "december",
)  # fmt: skip

OWNER_TITLES = {"1-9": "Eigenaar", "10-49": "Directeur-eigenaar", "50-249": "Algemeen directeur", "250+": "Directeur"}
HR_TITLES = ("HR-adviseur", "Personeelsfunctionaris", "Manager HR", "Recruiter")

# Common Dutch family names (Faker's nl_NL list is mostly historic names that read oddly in a demo).
FAMILY_NAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
    "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin", "van der Heijden",
    "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster",
    "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Jonge", "Kuipers", "van Veen", "Post",
    "Kuiper", "Veenstra", "Kramer", "van den Brink", "Scholten", "van Wijk", "Postma", "Martens", "Vink",
    "de Ruiter", "Timmermans", "Groen", "Gerritsen", "Jonker", "van Loon", "Boer", "van der Velde", "Willemsen",
    "Smeets", "de Lange", "de Vos", "Bosch", "van Dongen", "Schipper", "de Koning", "van der Laan", "Koning",
    "van der Velden", "Driessen", "van Doorn", "Hermans", "Evers", "van den Bosch", "van der Meulen", "Hofman",
    "Bosman", "Wouters", "Sanders", "van der Zee", "Verbeek", "Claassen", "Mertens", "Wijnands", "Brinkman",
    "Zwart", "Verschuren", "Lammers", "Hoogland", "Terpstra", "Nijland", "Oosterhuis", "Wolters", "Boersma",
    "Kaya", "Yilmaz", "El Amrani", "Bouzid", "Nguyen", "Pinas", "Kartosen", "Tahiri", "Demir", "Öztürk",
    "Rijkers", "Geurts", "Stevens", "van Rooij", "Pauwels", "Heijnen", "Aarts", "van Gils", "Hoeks", "Franssen",
    "Haverkamp", "Nijhuis", "Oude Lenferink", "Assink", "Wessels", "Kamphuis", "Bruins", "Mollema", "Bijl",
)  # fmt: skip
