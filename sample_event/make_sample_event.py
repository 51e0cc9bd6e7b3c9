"""Regenerate the reference sample event: ``event.xlsx`` and ``checkins.csv``.

The sample reproduces a real study day, as its organiser would have filled in
the confkit workbook: the ACFCI (Assemblée des chambres françaises de commerce
et d’industrie) day « Les réseaux sociaux pour les CCI : Quels enjeux ? Quels
usages ? », held at the Palais des congrès de Paris on Tuesday 19 October 2010.
Programme, speakers, figures and quotes follow the press article in
the seed article (``shared/seed/study-day-article.fr.txt`` beside the repository); the recaps are paraphrases.

The ~210 registrants and their check-ins are invented, but generated
deterministically (``random.Random(2010)``): running the script twice writes
the same files.

Usage::

    python sample_event/make_sample_event.py [OUTDIR]

OUTDIR defaults to the folder this script lives in.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from confkit.identity import registrant_id  # noqa: E402
from confkit.writing import write_xlsx  # noqa: E402

DAY = dt.date(2010, 10, 19)
TIME_ZONE = ZoneInfo("Europe/Paris")
ROOM = "Amphithéâtre Bordeaux"
SEED = 2010
REGISTRANT_COUNT = 210
CHECKIN_COUNT = 185

# ---------------------------------------------------------------------------
# The event
# ---------------------------------------------------------------------------

EVENT = [
    ("Identifiant", "acfci-reseaux-sociaux-2010"),
    ("Titre", "Les réseaux sociaux pour les CCI : Quels enjeux ? Quels usages ?"),
    ("Sous-titre",
     "Journée d’étude de l’Assemblée des chambres françaises de commerce et d’industrie"),
    ("Date de début", DAY),
    ("Date de fin", DAY),
    ("Fuseau horaire", "Europe/Paris"),
    ("Langue", "fr"),
    ("Lieu", "Palais des congrès de Paris"),
    ("Adresse", "2 place de la Porte Maillot, 75017 Paris"),
    ("Ville", "Paris"),
    ("Organisateur", "Assemblée des chambres françaises de commerce et d’industrie (ACFCI)"),
    ("E-mail de l'organisateur", "l.bour@acfci.cci.fr"),
    ("Adresse du site", "https://evenements.acfci.cci.fr/reseaux-sociaux-2010/"),
    ("Hashtag", "#cciweb20"),
    ("Couleur", "#1F4E79"),
    ("Logo", None),
    ("Description",
     "Facebook, Viadeo, Twitter, blogs : les entreprises et leurs clients sont déjà sur les "
     "médias sociaux, et la relation entre les CCI et leurs ressortissants change. "
     "Cette journée d’étude réunit les conseillers et les responsables de la communication "
     "des CCI de toute la France pour faire le point sur leur présence en ligne, entendre "
     "des experts du web social, partager des retours d’expérience et poser les bases "
     "d’une démarche commune : écoute du web, animation de communautés, e-réputation "
     "et identité numérique du réseau consulaire."),
]

ROOMS = [
    (ROOM, 250,
     "Niveau 3 du Palais des congrès, accès par les escalators du hall Maillot ; "
     "ascenseurs à proximité pour les personnes à mobilité réduite."),
]

# ---------------------------------------------------------------------------
# Speakers: id, first name, last name, job, organisation, bio, e-mail, website
# ---------------------------------------------------------------------------

SPEAKERS = [
    dict(id="bascunana", first="Frédéric", last="Bascunana", job="Animateur",
         org="TechToc TV", city="Paris", email="frederic.bascunana@techtoc.tv",
         site="https://www.techtoc.tv/",
         bio="Frédéric Bascunana anime des émissions et des débats pour TechToc TV, web TV "
             "consacrée aux métiers de l’entreprise et du numérique. Il anime la journée "
             "et modère les deux tables rondes de l’après-midi."),
    dict(id="maksymiw", first="Emmanuel", last="Maksymiw",
         job="Animateur du pôle Économie numérique", org="ACFCI", city="Paris",
         email="e.maksymiw@acfci.cci.fr", site="https://www.acfci.cci.fr/",
         bio="Emmanuel Maksymiw anime le pôle Économie numérique de l’ACFCI, qui accompagne "
             "le réseau des CCI dans ses actions en faveur des usages numériques des "
             "entreprises. Il présente l’enquête menée auprès de 116 CCI sur leur présence "
             "sur les réseaux sociaux."),
    dict(id="duperrin", first="Bertrand", last="Duperrin", job="Consultant",
         org="Nextmodernity", city="Paris", email="bertrand.duperrin@nextmodernity.com",
         site="https://www.nextmodernity.com/",
         bio="Consultant chez Nextmodernity, Bertrand Duperrin accompagne les organisations "
             "dans l’adoption des outils collaboratifs et des médias sociaux, en interne "
             "comme dans leur relation avec leurs publics."),
    dict(id="wallut", first="Jérôme", last="Wallut", job="Directeur associé interactivité",
         org="W&Cie", city="Paris", email="jerome.wallut@wcie.fr", site="",
         bio="Directeur associé chargé de l’interactivité chez W&Cie, Jérôme Wallut "
             "accompagne marques et institutions sur le web social, de la veille à "
             "l’animation de communautés."),
    dict(id="commergnat", first="Alexandre", last="Commergnat", job="",
         org="CCI de Paris", city="Paris", email="a.commergnat@ccip.fr", site="",
         bio="Alexandre Commergnat suit à la CCI de Paris la présence de la Chambre sur les "
             "réseaux sociaux, notamment Facebook et Twitter, et la coordination des "
             "comptes de ses différentes entités."),
    dict(id="vie", first="Marie-Laure", last="Vie",
         job="Responsable de la stratégie de médias sociaux et de la gestion des projets web",
         org="CCI de Montpellier", city="Montpellier", email="ml.vie@montpellier.cci.fr",
         site="",
         bio="À la CCI de Montpellier, Marie-Laure Vie est responsable de la stratégie de "
             "médias sociaux et de la gestion des projets web. Elle a accompagné l’opération "
             "« Les toqués du resto » auprès des cafés, restaurants et hôtels de la ville."),
    dict(id="maubon", first="Grégory", last="Maubon", job="",
         org="CCI de Dijon", city="Dijon", email="g.maubon@dijon.cci.fr", site="",
         bio="Grégory Maubon mène à la CCI de Dijon des expérimentations sur les usages des "
             "médias sociaux, construites avec les entreprises de son territoire."),
    dict(id="durville", first="Stéphanie", last="Durville",
         job="Conseiller et webmaster sites web et médias sociaux",
         org="CCI de l’Yonne", city="Auxerre", email="s.durville@yonne.cci.fr", site="",
         bio="Conseiller et webmaster sites web et médias sociaux à la CCI de l’Yonne, "
             "Stéphanie Durville utilise les réseaux sociaux professionnels pour échanger "
             "avec les entreprises, les prestataires et les autres CCI."),
    dict(id="allaire", first="Hélène", last="Allaire", job="Community manager",
         org="ESCP Europe", city="Paris", email="hallaire@escpeurope.eu",
         site="https://www.escpeurope.eu/",
         bio="Hélène Allaire est community manager à l’ESCP Europe, où elle anime la "
             "présence de l’école sur les médias sociaux."),
    dict(id="bensussan-avocat", first="", last="", job="Avocat",
         org="Cabinet Bensussan", city="Paris", email="", site="",
         bio="Avocat du cabinet Bensussan, il éclaire les aspects juridiques de la gestion "
             "de la réputation en ligne : responsabilité, droit de réponse, protection "
             "des marques et des noms."),
    dict(id="bour", first="Ludovic", last="Bour",
         job="Responsable Intelligence économique, innovation et TIC", org="ACFCI",
         city="Paris", email="l.bour@acfci.cci.fr", site="https://www.acfci.cci.fr/",
         bio="Responsable Intelligence économique, innovation et TIC à l’ACFCI, Ludovic Bour "
             "organise cette journée d’étude. Il travaille à la structuration de la "
             "présence des CCI sur les médias sociaux et à leur identité numérique."),
    dict(id="clerc", first="Philippe", last="Clerc", job="Directeur", org="ACFCI",
         city="Paris", email="p.clerc@acfci.cci.fr", site="https://www.acfci.cci.fr/",
         bio="Philippe Clerc est directeur à l’ACFCI. Il conclut la journée en traçant les "
             "premières pistes d’action pour le réseau des CCI."),
]

# Speakers on stage in the morning: they are there early to check the slides.
MORNING_SPEAKERS = ("bascunana", "maksymiw", "duperrin", "wallut", "bour")

# ---------------------------------------------------------------------------
# Programme
# ---------------------------------------------------------------------------

SESSIONS = [
    dict(id="accueil", start="09:00", end="09:30", type="accueil",
         title="Accueil des participants et café"),
    dict(id="ouverture", start="09:30", end="09:45", type="plénière",
         title="Ouverture de la journée", speakers=["bour", "bascunana"],
         abstract="Ludovic Bour présente les objectifs de la journée : aider les CCI à "
                  "développer et à approfondir leur démarche sur les médias sociaux. "
                  "Frédéric Bascunana, qui anime la journée, en présente le déroulé.",
         recap="La salle est comble malgré les grèves dans les transports : plus de deux "
               "cents représentants des CCI ont fait le déplacement.\n\n"
               "Pour Ludovic Bour, les conseillers savent que la relation avec les "
               "entreprises ressortissantes est en train de changer ; la journée doit les "
               "aider à être **plus efficaces** sur les médias sociaux."),
    dict(id="enquete", start="09:45", end="10:30", type="intervention",
         title="Les CCI sur les réseaux sociaux : résultats de l’enquête ACFCI",
         speakers=["maksymiw"],
         abstract="L’ACFCI a interrogé 116 CCI pour cartographier leur présence sur les "
                  "réseaux sociaux. Quels réseaux, quels usages, quels moyens ? "
                  "Présentation des premiers résultats.",
         recap="Les chiffres de l’enquête montrent une présence déjà large mais très "
               "inégale : **78 %** des CCI interrogées sont présentes sur les réseaux "
               "sociaux, d’abord sur Facebook (23 %) et Viadeo (21 %), loin devant "
               "LinkedIn (5 %) ; 18 % tiennent un blog.\n\n"
               "Emmanuel Maksymiw retient des pratiques hétérogènes et des niveaux de "
               "maîtrise disparates, mais aussi une vraie envie d’échanger entre CCI sur "
               "ces questions."),
    dict(id="web-social", start="10:30", end="11:15", type="intervention",
         title="Du web d’information au web social : risques et opportunités pour les CCI",
         speakers=["duperrin"],
         abstract="Les internautes ne se contentent plus de consommer de l’information : ils "
                  "veulent échanger et participer. Bertrand Duperrin décrit ce passage au "
                  "web social et ce qu’il change pour les institutions consulaires.",
         recap="Bertrand Duperrin a retracé le passage d’un internet de consultation à un "
               "web où chacun commente, partage et participe.\n\n"
               "Exemples à l’appui, il a montré les **risques** d’une prise de parole mal "
               "maîtrisée sur les médias sociaux, mais aussi les **opportunités** qu’ils "
               "offrent aux CCI pour faire connaître leurs activités et leur savoir-faire."),
    dict(id="pause-matin", start="11:15", end="11:30", type="pause", title="Pause"),
    dict(id="communaute", start="11:30", end="12:30", type="intervention",
         title="De la communication à la communauté : entrer dans la conversation",
         speakers=["wallut"],
         abstract="Veiller sur le web social pour comprendre les besoins, puis construire "
                  "une communication utile aux clients et aux partenaires : Jérôme Wallut "
                  "présente une démarche pour bâtir un réseau dont l’institution est le "
                  "pilote, et les techniques pour le faire vivre.",
         recap="Pour Jérôme Wallut, tout commence par une veille systématique du web "
               "social : c’est elle qui révèle les besoins auxquels la communication doit "
               "répondre. L’objectif est de constituer un réseau de clients et d’acteurs "
               "dont l’institution est le pilote.\n\n"
               "« Il faut sortir de la communication descendante classique », a-t-il "
               "insisté, avant de détailler les techniques d’animation qui font vivre une "
               "communauté, en ligne comme dans la vie réelle."),
    dict(id="dejeuner", start="12:30", end="14:00", type="repas", title="Déjeuner"),
    dict(id="retours-experience", start="14:00", end="15:30", type="table ronde",
         title="Table ronde : quatre CCI racontent leurs premiers pas sur les médias sociaux",
         speakers=["commergnat", "vie", "maubon", "durville"], moderator="bascunana",
         abstract="Paris, Montpellier, Dijon, l’Yonne : quatre CCI présentent leur démarche "
                  "sur les réseaux sociaux, ce qui a marché et ce qui a moins bien marché. "
                  "Un débat avec la salle suit les présentations.",
         recap="Quatre retours d’expérience, quatre façons de commencer :\n\n"
               "- **CCI de Paris** : recenser les prises de parole des conseillers et "
               "cartographier les conversations, puis former au community management et "
               "coordonner les comptes des différentes entités.\n"
               "- **CCI de Montpellier** : convaincre les élus par l’exemple, avec une page "
               "Facebook pour l’opération « Les toqués du resto », partagée par 4 600 "
               "personnes en quatre semaines.\n"
               "- **CCI de Dijon** : expérimenter avec les entreprises elles-mêmes et "
               "s’appuyer sur les personnes motivées.\n"
               "- **CCI de l’Yonne** : utiliser Viadeo pour la partie conseil, parce que "
               "certains interlocuteurs lisent leurs messages sur les réseaux plus "
               "sûrement que leurs e-mails."),
    dict(id="pause-apres-midi", start="15:30", end="15:50", type="pause", title="Pause"),
    dict(id="e-reputation", start="15:50", end="17:00", type="table ronde",
         title="Table ronde : e-réputation et identité numérique des CCI",
         speakers=["allaire", "bensussan-avocat", "bour"], moderator="bascunana",
         abstract="Quand un conseiller s’exprime sur un réseau social, parle-t-il en son nom "
                  "ou au nom de sa CCI ? Enjeux juridiques et opérationnels de la réputation "
                  "en ligne, puis échange avec la salle sur les risques et les opportunités "
                  "pour le réseau.",
         recap="Après un cadrage juridique et opérationnel de la gestion de la réputation en "
               "ligne, la discussion avec la salle s’est centrée sur l’identité numérique "
               "des CCI.\n\n"
               "L’enquête du matin l’a montré : beaucoup d’initiatives sont individuelles. "
               "Qui parle alors, l’institution ou la personne ? « Les deux à la fois », "
               "répond Ludovic Bour, pour qui l’image des CCI sur les réseaux ne peut être "
               "qu’un projet collectif. Chaque réseau a ses règles de conversation ; le "
               "rôle de l’ACFCI est d’aider chacun à savoir ce qu’il peut faire, et ce "
               "qu’il ne doit pas faire."),
    dict(id="cloture", start="17:00", end="17:30", type="clôture",
         title="Conclusions et pistes d’action", speakers=["clerc"],
         abstract="Philippe Clerc tire les enseignements de la journée et propose les "
                  "premières pistes de travail pour le réseau des CCI : écoute, "
                  "contenus, formation et bonnes pratiques.",
         recap="Philippe Clerc a proposé d’organiser les communautés pour écouter le web en "
               "permanence, s’approprier les façons d’intervenir sur les réseaux et "
               "produire des contenus utiles à tous.\n\n"
               "Il plaide pour une démarche **ascendante**, qui part des usages, et pour un "
               "effort de formation de tous les métiers concernés, du DRH aux conseillers. "
               "Prochaine étape : une **charte de bonnes pratiques** commune aux CCI."),
]

# ---------------------------------------------------------------------------
# Figures, quotes, links
# ---------------------------------------------------------------------------

SURVEY = "Enquête ACFCI auprès de 116 CCI"
FIGURES = [
    # group, label, value, unit, source, session
    (SURVEY, "CCI interrogées", 116, "CCI", "Enquête ACFCI, 2010", "enquete"),
    (SURVEY, "CCI présentes sur les réseaux sociaux", 78, "%", "Enquête ACFCI, 2010", "enquete"),
    (SURVEY, "CCI présentes sur Facebook", 23, "%", "Enquête ACFCI, 2010", "enquete"),
    (SURVEY, "CCI présentes sur Viadeo", 21, "%", "Enquête ACFCI, 2010", "enquete"),
    (SURVEY, "CCI présentes sur LinkedIn", 5, "%", "Enquête ACFCI, 2010", "enquete"),
    (SURVEY, "CCI qui tiennent un blog", 18, "%", "Enquête ACFCI, 2010", "enquete"),
    ("Montpellier : « Les toqués du resto »",
     "Personnes touchées par la page Facebook en quatre semaines", 4600, "personnes",
     "CCI de Montpellier", "retours-experience"),
]

QUOTES = [
    ("maksymiw", "enquete",
     "L’étude révèle une hétérogénéité des pratiques, une disparité des niveaux de maîtrise, "
     "mais un intérêt manifeste pour échanger sur ces problématiques."),
    ("wallut", "communaute",
     "Il faut sortir de la communication descendante classique pour maîtriser la façon dont "
     "on se joint aux conversations."),
    ("vie", "retours-experience",
     "Cette page a permis de relayer les informations grâce à la viralité de l’outil."),
    ("maubon", "retours-experience",
     "C’est une expérience très riche, car elle permet de s’appuyer sur les expertises des "
     "entreprises pour avancer ensemble."),
    ("bour", "e-reputation",
     "Nous sommes en réalité au début de la construction de l’image des CCI sur les réseaux "
     "sociaux."),
    ("bour", "e-reputation",
     "Notre rôle, c’est de mettre en capacité le réseau sur ce que chacun peut faire, "
     "jusqu’où et, surtout, ce que l’on ne doit pas faire."),
    ("clerc", "cloture",
     "Il faut partir des usages pour construire."),
]

LINKS = [
    ("Compte rendu de la journée sur Collaboratif-info", "https://www.collaboratif-info.fr/",
     "presse"),
    ("Les vidéos de la journée sur TechToc TV", "https://www.techtoc.tv/", "vidéo"),
    ("Le réseau des CCI sur le site de l’ACFCI", "https://www.acfci.cci.fr/", "autre"),
]

# ---------------------------------------------------------------------------
# Registrants: invented, drawn from these lists
# ---------------------------------------------------------------------------

FEMALE_FIRST_NAMES = [
    "Hélène", "Zoé", "Anaïs", "Marie-Hélène", "Anne-Sophie", "Céline", "Élodie", "Nathalie",
    "Sandrine", "Isabelle", "Véronique", "Sophie", "Aurélie", "Émilie", "Camille", "Laurence",
    "Valérie", "Frédérique", "Geneviève", "Maëlle", "Agnès", "Bérénice", "Chloé", "Noémie",
    "Marie-Pierre", "Claire", "Delphine", "Séverine", "Françoise", "Béatrice", "Mélanie",
    "Inès", "Karima", "Fatoumata", "Nadège", "Gaëlle", "Solène", "Anne-Laure", "Marie-José",
    "Christèle", "Martine", "Léa",
]
MALE_FIRST_NAMES = [
    "Jérôme", "François", "Loïc", "Jean-Baptiste", "Jean-François", "Pierre-Yves", "Jean-Marc",
    "Benoît", "Stéphane", "Sébastien", "Hervé", "Thierry", "Gaël", "Yannick", "Raphaël",
    "Mickaël", "Noël", "Joël", "Cédric", "Éric", "Rémi", "Grégoire", "Timothée", "Maxime",
    "Nicolas", "Olivier", "Christophe", "Laurent", "Mathieu", "Julien", "Karim", "Mamadou",
    "Hugues", "Jean-Noël", "Marc-Antoine", "Félix", "Aurélien", "Régis", "Jean-Luc", "Bruno",
]
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Lefèvre", "Girard", "Bonnet", "Mercier", "Faure",
    "Rousseau", "Gauthier", "Chevalier", "Lemaître", "Hébert", "Fournier", "Morel", "Roussel",
    "Perrin", "Clément", "Guérin", "Müller", "Schmitt", "Le Gall", "Le Goff", "Le Bihan",
    "Quéré", "Le Floc’h", "de La Roche-Aymon", "N’Diaye", "Ben Saïd", "Da Silva",
    "Dos Santos", "Nguyen", "Diallo", "Lacroix", "Leroy", "Deschamps", "Prévost", "Jégou",
    "Béranger", "Rivière", "Lévêque", "Thébault", "Ménard", "Descamps", "Vasseur", "Arnaud",
    "Etcheverry", "Casanova", "Santoni", "Roux", "Fabre", "Vidal", "Bonnefoy", "Marchand",
    "d’Harcourt", "Lemoine-Duval", "Saint-Martin", "Castagné", "Brunet", "Benoît", "Colin",
    "Boyer", "Gaillard", "Barbier", "Huet", "Leclercq", "Caron", "Poulain", "Pelletier",
    "Tessier", "Després", "Bréchet", "Cœur", "Lafitte", "Joly", "Aubert", "Garnier",
    "Renaud", "Charpentier", "Carré", "Besnard", "Lagarde", "Ollivier", "Mallet",
    "Kerhervé", "Le Corre", "Guillou", "Pasquier", "Baudouin", "Delaunay", "Lemaire",
    "Courtois", "Verdier", "Mauduit", "Lebrun", "Bouchard", "Hamon", "Texier", "Navarro",
    "Ferrand", "Sanchez", "Rolland", "Weber", "Klein", "Meyer", "Haddad", "Benali",
    "Oudin", "Pinçon", "Fontaine", "Dumas", "Boulanger", "Maréchal", "Delorme", "Gilbert",
    "Chauvin", "Bouvier", "Hoarau", "Payet", "Grondin", "Orsini", "Lambert", "Royer",
    "Villeneuve", "Desjardins", "Du Pontavice", "Lestrade", "Bérard", "Mouton",
]

# Job titles as (masculine, feminine).
JOBS = [
    ("Conseiller TIC", "Conseillère TIC"),
    ("Chargé de communication", "Chargée de communication"),
    ("Responsable innovation", "Responsable innovation"),
    ("Directeur général", "Directrice générale"),
    ("Directeur de la communication", "Directrice de la communication"),
    ("Conseiller en développement numérique des entreprises",
     "Conseillère en développement numérique des entreprises"),
    ("Webmaster", "Webmaster"),
    ("Chargé de mission intelligence économique", "Chargée de mission intelligence économique"),
    ("Responsable du pôle Économie numérique", "Responsable du pôle Économie numérique"),
    ("Community manager", "Community manager"),
    ("Chef de projet web", "Chef de projet web"),
    ("Responsable de la communication et des relations presse",
     "Responsable de la communication et des relations presse"),
    ("Conseiller entreprises", "Conseillère entreprises"),
    ("Directeur du développement économique", "Directrice du développement économique"),
    ("Chargé d’études", "Chargée d’études"),
    ("Documentaliste veilleur", "Documentaliste veilleuse"),
    ("Responsable formation", "Responsable formation"),
    ("Animateur réseau", "Animatrice réseau"),
    ("Secrétaire général", "Secrétaire générale"),
    ("Chargé de projets TIC", "Chargée de projets TIC"),
    ("Responsable du service information économique",
     "Responsable du service information économique"),
    ("Conseiller commerce", "Conseillère commerce"),
]

# Chambers of commerce: (organisation as typed by registrants, city, e-mail domain,
# e-mail style, weight). Styles: "i.l" = jb.legall, "f.l" = jean-baptiste.legall,
# "il" = jblegall.
CHAMBERS = [
    ("Assemblée des chambres françaises de commerce et d’industrie", "Paris",
     "acfci.cci.fr", "i.l", 4),
    ("Chambre de commerce et d’industrie de Paris", "Paris", "ccip.fr", "i.l", 6),
    ("Chambre de commerce et d’industrie territoriale de Nice Côte d’Azur", "Nice",
     "cote-azur.cci.fr", "f.l", 3),
    ("CCI Grand Lille", "Lille", "grand-lille.cci.fr", "f.l", 4),
    ("CCI de région Provence-Alpes-Côte d’Azur", "Marseille", "paca.cci.fr", "i.l", 2),
    ("CCI Marseille Provence", "Marseille", "ccimp.com", "f.l", 4),
    ("CCI de région Nord de France", "Lille", "norddefrance.cci.fr", "i.l", 2),
    ("CCI de Lyon", "Lyon", "lyon.cci.fr", "il", 4),
    ("CCI de région Rhône-Alpes", "Lyon", "rhone-alpes.cci.fr", "i.l", 2),
    ("CCI de Montpellier", "Montpellier", "montpellier.cci.fr", "i.l", 2),
    ("CCI de Dijon", "Dijon", "dijon.cci.fr", "i.l", 2),
    ("CCI de l’Yonne", "Auxerre", "yonne.cci.fr", "i.l", 1),
    ("CCI de Bordeaux", "Bordeaux", "bordeaux.cci.fr", "f.l", 4),
    ("CCI de Toulouse", "Toulouse", "toulouse.cci.fr", "f.l", 4),
    ("CCI Nantes Saint-Nazaire", "Nantes", "nantesstnazaire.cci.fr", "f.l", 3),
    ("CCI de Rennes", "Rennes", "rennes.cci.fr", "i.l", 3),
    ("CCI de région Bretagne", "Rennes", "bretagne.cci.fr", "i.l", 1),
    ("CCI de Brest", "Brest", "cci-brest.fr", "f.l", 2),
    ("CCI du Morbihan", "Vannes", "morbihan.cci.fr", "i.l", 2),
    ("CCI de Quimper Cornouaille", "Quimper", "quimper.cci.fr", "i.l", 1),
    ("CCI de Strasbourg et du Bas-Rhin", "Strasbourg", "strasbourg.cci.fr", "il", 3),
    ("CCI de Colmar et du Centre-Alsace", "Colmar", "colmar.cci.fr", "i.l", 1),
    ("CCI de Grenoble", "Grenoble", "grenoble.cci.fr", "f.l", 3),
    ("CCI de la Savoie", "Chambéry", "savoie.cci.fr", "i.l", 1),
    ("CCI de Saint-Étienne/Montbrison", "Saint-Étienne", "saint-etienne.cci.fr", "f.l", 2),
    ("CCI de Rouen", "Rouen", "rouen.cci.fr", "i.l", 2),
    ("CCI du Havre", "Le Havre", "havre.cci.fr", "i.l", 1),
    ("CCI de Caen", "Caen", "caen.cci.fr", "f.l", 2),
    ("CCI de la Vendée", "La Roche-sur-Yon", "vendee.cci.fr", "i.l", 1),
    ("CCI de Maine-et-Loire", "Angers", "maineetloire.cci.fr", "f.l", 2),
    ("CCI Touraine", "Tours", "touraine.cci.fr", "i.l", 2),
    ("CCI de la Vienne", "Poitiers", "poitiers.cci.fr", "i.l", 1),
    ("CCI de Limoges et de la Haute-Vienne", "Limoges", "limoges.cci.fr", "i.l", 1),
    ("CCI de Pau Béarn", "Pau", "pau.cci.fr", "f.l", 1),
    ("CCI Bayonne Pays Basque", "Bayonne", "bayonne.cci.fr", "i.l", 1),
    ("CCI de Nîmes", "Nîmes", "nimes.cci.fr", "f.l", 1),
    ("CCI de Perpignan et des Pyrénées-Orientales", "Perpignan", "perpignan.cci.fr", "i.l", 1),
    ("CCI du Doubs", "Besançon", "doubs.cci.fr", "i.l", 1),
    ("CCI de Metz", "Metz", "metz.cci.fr", "f.l", 1),
    ("CCI d’Ajaccio et de la Corse-du-Sud", "Ajaccio", "sudcorse.cci.fr", "i.l", 1),
    ("CCI de la Martinique", "Fort-de-France", "martinique.cci.fr", "f.l", 1),
    ("CCI de La Réunion", "Saint-Denis", "reunion.cci.fr", "i.l", 1),
    ("Chambre de commerce et d’industrie de Versailles Val-d’Oise/Yvelines", "Versailles",
     "versailles.cci.fr", "f.l", 2),
]

# Non-participant registrants: (category, count, organisation, city, domain, style, jobs).
OTHER_GROUPS = [
    ("organisateur", 3, "ACFCI", "Paris", "acfci.cci.fr", "i.l",
     [("Responsable des événements", "Responsable des événements"),
      ("Chargé de mission Économie numérique", "Chargée de mission Économie numérique"),
      ("Assistant du pôle Intelligence économique", "Assistante du pôle Intelligence économique")]),
    ("équipe", 2, "TechToc TV", "Paris", "techtoc.tv", "f.l",
     [("Réalisateur", "Réalisatrice"), ("Cadreur", "Cadreuse")]),
    ("équipe", 2, "ACFCI", "Paris", "acfci.cci.fr", "i.l",
     [("Hôte d’accueil", "Hôtesse d’accueil"), ("Chargé de logistique", "Chargée de logistique")]),
    ("presse", 1, "Collaboratif-info", "Paris", "collaboratif-info.fr", "f.l",
     [("Journaliste", "Journaliste")]),
    ("presse", 1, "Les Échos", "Paris", "lesechos.fr", "il",
     [("Journaliste", "Journaliste")]),
    ("presse", 1, "Journal du Net", "Paris", "journaldunet.com", "f.l",
     [("Journaliste", "Journaliste")]),
    ("presse", 1, "Acteurs de l’économie", "Lyon", "acteursdeleconomie.com", "f.l",
     [("Rédacteur en chef", "Rédactrice en chef")]),
    ("presse", 1, "Stratégies", "Paris", "strategies.fr", "i.l",
     [("Journaliste pigiste", "Journaliste pigiste")]),
]

REGISTRANT_HEADER = ["Prénom", "Nom", "E-mail", "Organisme", "Fonction", "Catégorie", "Ville",
                     "Nom sur le badge", "Visible"]


# ---------------------------------------------------------------------------
# Building the sheets
# ---------------------------------------------------------------------------

def hhmm(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def event_sheet() -> list[list]:
    return [["Champ", "Valeur"]] + [[field, value] for field, value in EVENT]


def rooms_sheet() -> list[list]:
    return [["Nom", "Capacité", "Accès"]] + [list(room) for room in ROOMS]


def speakers_sheet() -> list[list]:
    header = ["Identifiant", "Prénom", "Nom", "Fonction", "Organisme", "Biographie", "Photo",
              "E-mail", "Site web", "Twitter", "LinkedIn", "Viadeo"]
    rows = [[s["id"], s["first"] or None, s["last"] or None, s["job"] or None, s["org"],
             s["bio"], None, s["email"] or None, s["site"] or None, None, None, None]
            for s in SPEAKERS]
    return [header] + rows


def sessions_sheet() -> list[list]:
    header = ["Identifiant", "Date", "Début", "Fin", "Salle", "Type", "Titre", "Intervenants",
              "Modérateur", "Résumé", "Compte rendu", "Diaporama", "Vidéo"]
    rows = [[s["id"], DAY, hhmm(s["start"]), hhmm(s["end"]), ROOM, s["type"], s["title"],
             ", ".join(s.get("speakers", [])) or None, s.get("moderator"),
             s.get("abstract"), s.get("recap"), None, None]
            for s in SESSIONS]
    return [header] + rows


def figures_sheet() -> list[list]:
    return [["Groupe", "Libellé", "Valeur", "Unité", "Source", "Session"]] + [
        list(figure) for figure in FIGURES]


def quotes_sheet() -> list[list]:
    return [["Intervenant", "Session", "Texte"]] + [list(quote) for quote in QUOTES]


def links_sheet() -> list[list]:
    return [["Titre", "URL", "Type"]] + [list(link) for link in LINKS]


def photos_sheet() -> list[list]:
    return [["Fichier", "Légende", "Crédit"]]


# ---------------------------------------------------------------------------
# Registrants
# ---------------------------------------------------------------------------

def ascii_slug(text: str, keep_hyphens: bool = True) -> str:
    """Lowercase ASCII for e-mail addresses: no accents, spaces or apostrophes."""
    text = text.replace("œ", "oe").replace("Œ", "Oe")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    allowed = "-" if keep_hyphens else ""
    return "".join(c for c in plain.lower() if c.isalnum() or c in allowed)


def initials(first: str) -> str:
    """'Jean-Baptiste' -> 'jb', 'Hélène' -> 'h'."""
    return "".join(ascii_slug(part)[0] for part in first.split("-"))


def email_for(first: str, last: str, domain: str, style: str) -> str:
    last_part = ascii_slug(last, keep_hyphens=False)
    if style == "f.l":
        local = f"{ascii_slug(first)}.{last_part}"
    elif style == "il":
        local = f"{initials(first)}{last_part}"
    else:
        local = f"{initials(first)}.{last_part}"
    return f"{local}@{domain}"


def badge_name(first: str, last: str) -> str:
    """'Jean-Baptiste Le Gall' -> 'J.-B. Le Gall'."""
    short_first = "-".join(part[0] + "." for part in first.split("-"))
    return f"{short_first} {last}"


def draw_person(rng: random.Random, taken_names: set, taken_emails: set, domain: str,
                style: str) -> tuple[str, str, str, bool]:
    """A name and e-mail not used yet (no surname more than twice), and whether female."""
    while True:
        female = rng.random() < 0.55
        first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        email = email_for(first, last, domain, style)
        namesakes = sum(1 for _, taken_last in taken_names if taken_last == last)
        if namesakes < 2 and (first, last) not in taken_names and email not in taken_emails:
            taken_names.add((first, last))
            taken_emails.add(email)
            return first, last, email, female


def registrant_row(rng: random.Random, first: str, last: str, email: str, org: str, job: str,
                   category: str, city: str) -> dict:
    badge = None
    if "-" in first and len(f"{first} {last}") > 18 and rng.random() < 0.5:
        badge = badge_name(first, last)
    visible = "oui" if rng.random() < 0.6 else "non"
    return dict(first=first, last=last, email=email, org=org, job=job, category=category,
                city=city, badge=badge, visible=visible)


def speaker_registrants() -> list[dict]:
    return [dict(first=s["first"], last=s["last"], email=s["email"], org=s["org"],
                 job=s["job"], category="intervenant", city=s["city"], badge=None,
                 visible="oui")
            for s in SPEAKERS]


def generated_registrants(rng: random.Random, count: int) -> list[dict]:
    """Organisers, crew and press first, then participants from chambers across France."""
    taken_names = {(s["first"], s["last"]) for s in SPEAKERS}
    taken_emails = {s["email"] for s in SPEAKERS if s["email"]}
    people = []
    for category, number, org, city, domain, style, jobs in OTHER_GROUPS:
        for index in range(number):
            first, last, email, female = draw_person(rng, taken_names, taken_emails, domain,
                                                     style)
            job = jobs[index % len(jobs)][female]
            people.append(registrant_row(rng, first, last, email, org, job, category, city))
    weights = [chamber[4] for chamber in CHAMBERS]
    while len(people) < count:
        org, city, domain, style, _ = rng.choices(CHAMBERS, weights)[0]
        first, last, email, female = draw_person(rng, taken_names, taken_emails, domain, style)
        job = rng.choice(JOBS)[female]
        people.append(registrant_row(rng, first, last, email, org, job, "participant", city))
    return people


def sort_key(person: dict) -> tuple:
    name = person["last"] or person["org"]
    return (ascii_slug(name, keep_hyphens=False), ascii_slug(person["first"]))


def build_registrants(rng: random.Random) -> list[dict]:
    """Everyone expected on the day, in alphabetical order as an organiser would keep them."""
    speakers = speaker_registrants()
    others = generated_registrants(rng, REGISTRANT_COUNT - len(speakers))
    return sorted(speakers + others, key=sort_key)


def registrants_sheet(people: list[dict]) -> list[list]:
    rows = [[p["first"] or None, p["last"] or None, p["email"] or None, p["org"],
             p["job"] or None, p["category"], p["city"], p["badge"], p["visible"]]
            for p in people]
    return [REGISTRANT_HEADER] + rows


def person_id(person: dict) -> str:
    return registrant_id(person["email"], person["first"], person["last"], person["org"])


# ---------------------------------------------------------------------------
# Check-ins
# ---------------------------------------------------------------------------

def arrival(rng: random.Random, person: dict, morning_speaker_ids: set) -> dt.datetime:
    """Staff come first, morning speakers early, the rest mostly around nine (strike day)."""
    opening = dt.datetime.combine(DAY, dt.time(8, 40), TIME_ZONE)
    if person["category"] in ("organisateur", "équipe"):
        minutes = rng.uniform(0, 15)
    elif person_id(person) in morning_speaker_ids:
        minutes = rng.uniform(5, 40)
    else:
        minutes = rng.triangular(0, 95, 25)
    return opening + dt.timedelta(seconds=int(minutes * 60))


def build_checkins(rng: random.Random, people: list[dict]) -> list[tuple[str, str]]:
    by_id = {person_id(p): p for p in people}
    morning = {registrant_id(s["email"], s["first"], s["last"], s["org"])
               for s in SPEAKERS if s["id"] in MORNING_SPEAKERS}
    others = sorted(set(by_id) - morning)
    present = sorted(morning) + rng.sample(others, CHECKIN_COUNT - len(morning))
    stamped = [(arrival(rng, by_id[rid], morning), rid) for rid in present]
    return [(rid, moment.isoformat()) for moment, rid in sorted(stamped)]


def write_checkins(path: Path, checkins: list[tuple[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["registrant_id", "checked_in_at"])
        writer.writerows(checkins)


# ---------------------------------------------------------------------------

def build_sheets(people: list[dict]) -> dict[str, list[list]]:
    return {
        "Événement": event_sheet(),
        "Salles": rooms_sheet(),
        "Intervenants": speakers_sheet(),
        "Sessions": sessions_sheet(),
        "Inscrits": registrants_sheet(people),
        "Chiffres": figures_sheet(),
        "Citations": quotes_sheet(),
        "Liens": links_sheet(),
        "Photos": photos_sheet(),
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    outdir = Path(args[0]) if args else Path(__file__).resolve().parent
    outdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    people = build_registrants(rng)
    write_xlsx(outdir / "event.xlsx", build_sheets(people))
    checkins = build_checkins(rng, people)
    write_checkins(outdir / "checkins.csv", checkins)
    print(f"{outdir / 'event.xlsx'}: {len(people)} inscrits ; "
          f"{outdir / 'checkins.csv'}: {len(checkins)} arrivées")


if __name__ == "__main__":
    main()
