"""The workbook's sheets and columns, declared as data.

One declaration serves three readers: the workbook reader (names and aliases,
types, what is required), the template written by `confkit new` (headers,
comments, dropdowns, examples) and the documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

from confkit.identity import fold

# Values a choice column accepts, canonical first; French and English spellings.
KINDS = {
    "welcome": ("welcome", "accueil"),
    "talk": ("talk", "intervention", "conference", "conférence", "expose", "exposé", "presentation"),
    "keynote": ("keynote", "plénière", "pleniere", "conférence plénière"),
    "round_table": ("round_table", "round table", "table ronde", "panel", "débat"),
    "break": ("break", "pause", "pause café", "coffee break"),
    "meal": ("meal", "repas", "déjeuner", "lunch", "dîner", "dinner"),
    "closing": ("closing", "clôture", "cloture", "conclusion"),
    "other": ("other", "autre"),
}
CATEGORIES = {
    "participant": ("participant", "participante", "attendee"),
    "speaker": ("speaker", "intervenant", "intervenante", "orateur", "oratrice"),
    "organiser": ("organiser", "organizer", "organisateur", "organisatrice"),
    "press": ("press", "presse", "journaliste"),
    "staff": ("staff", "équipe", "equipe", "bénévole"),
    "exhibitor": ("exhibitor", "exposant", "exposante", "partenaire"),
}
LANGUAGES = {"fr": ("fr", "français", "francais", "french"), "en": ("en", "english", "anglais")}
LINK_KINDS = {
    "press": ("press", "presse", "article"),
    "photos": ("photos", "photo"),
    "video": ("video", "vidéo"),
    "other": ("other", "autre"),
}
# The label a choice shows in each language (dropdowns, messages).
CHOICE_LABELS = {
    "fr": {"welcome": "accueil", "talk": "intervention", "keynote": "plénière",
           "round_table": "table ronde", "break": "pause", "meal": "repas", "closing": "clôture",
           "other": "autre", "participant": "participant", "speaker": "intervenant",
           "organiser": "organisateur", "press": "presse", "staff": "équipe",
           "exhibitor": "exposant", "photos": "photos", "video": "vidéo", "fr": "fr", "en": "en"},
    "en": {},
}


class Named:
    """Something with a key, an English and a French name, and other spellings."""

    __slots__ = ()

    def names(self) -> tuple[str, ...]:
        return (self.key, self.en, self.fr, *self.aliases)

    def title(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True, slots=True)
class Column(Named):
    """One column: its key in the model, its names, its type and its help."""

    key: str
    en: str
    fr: str
    # text, id, ids, int, number, date, time, bool, choice, email, url, colour, file, or link: an http(s) url or a file
    type: str = "text"
    required: bool = False
    choices: dict | None = None
    aliases: tuple[str, ...] = ()
    help_en: str = ""
    help_fr: str = ""

    def help(self, lang: str) -> str:
        return self.help_fr if lang == "fr" else self.help_en


@dataclass(frozen=True, slots=True)
class Sheet(Named):
    """One sheet: its names and columns (for `Event`, the fields of its rows)."""

    key: str
    en: str
    fr: str
    required: bool
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def lookup(self) -> dict[str, Column]:
        """Folded header name -> column."""
        return {fold(name): column for column in self.columns for name in column.names()}


C = Column

# One row per field: its name in column A, its value in column B.
EVENT = Sheet("event", "Event", "Événement", True, aliases=("evenement", "évènement", "info"), columns=(
    C("id", "Id", "Identifiant", "id", aliases=("code",),
      help_en="Short code for the event, used in file names and QR codes.",
      help_fr="Code court de l'événement, utilisé dans les noms de fichiers et les QR codes."),
    C("title", "Title", "Titre", required=True, aliases=("nom",),
      help_en="The event's name as it appears everywhere.", help_fr="Le nom de l'événement, tel qu'il apparaît partout."),
    C("subtitle", "Subtitle", "Sous-titre", help_en="A line under the title.", help_fr="Une ligne sous le titre."),
    C("start_date", "Start date", "Date de début", "date", True, aliases=("date", "début", "start"),
      help_en="First day, as a date (2026-10-19 or 19/10/2026).", help_fr="Premier jour, en date (19/10/2026)."),
    C("end_date", "End date", "Date de fin", "date", aliases=("fin", "end"),
      help_en="Last day; leave empty for a one-day event.", help_fr="Dernier jour ; vide pour un événement d'un jour."),
    C("timezone", "Time zone", "Fuseau horaire", required=True, aliases=("fuseau", "tz"),
      help_en="IANA time zone of the venue, e.g. Europe/Paris.", help_fr="Fuseau horaire IANA du lieu, p. ex. Europe/Paris."),
    C("language", "Language", "Langue", "choice", choices=LANGUAGES,
      help_en="Language of everything confkit writes: fr or en.", help_fr="Langue de tout ce que confkit écrit : fr ou en."),
    C("venue", "Venue", "Lieu", help_en="Name of the place.", help_fr="Nom du lieu."),
    C("address", "Address", "Adresse", help_en="Street address.", help_fr="Adresse postale."),
    C("city", "City", "Ville", help_en="City (with postcode if you like).", help_fr="Ville (avec le code postal si vous voulez)."),
    C("organiser", "Organiser", "Organisateur", aliases=("organizer", "organisatrice"),
      help_en="Who organises the event.", help_fr="Qui organise l'événement."),
    C("organiser_email", "Organiser email", "E-mail de l'organisateur", "email",
      aliases=("organizer email", "email organisateur", "courriel de l'organisateur", "email"),
      help_en="Address invitations come from and answers go to.", help_fr="Adresse d'envoi des invitations et de réponse."),
    C("base_url", "Website address", "Adresse du site", "url", aliases=("base url", "url", "site", "website", "site web"),
      help_en="Where the programme and recap site will be published (https://...).",
      help_fr="Où le programme et le site bilan seront publiés (https://...)."),
    C("hashtag", "Hashtag", "Hashtag", aliases=("mot-dièse",), help_en="For social networks.", help_fr="Pour les réseaux sociaux."),
    C("brand_colour", "Brand colour", "Couleur", "colour", aliases=("brand color", "colour", "color", "couleur de la marque"),
      help_en="Main colour as a hex code, e.g. #1F4E79.", help_fr="Couleur principale en code hexadécimal, p. ex. #1F4E79."),
    C("logo", "Logo", "Logo", "file", help_en="Image file in the event folder, e.g. logo.png.",
      help_fr="Fichier image dans le dossier de l'événement, p. ex. logo.png."),
    C("description", "Description", "Description", help_en="A paragraph presenting the event.",
      help_fr="Un paragraphe de présentation."),
))

ROOMS = Sheet("rooms", "Rooms", "Salles", False, aliases=("salle", "room"), columns=(
    C("name", "Name", "Nom", required=True, aliases=("room", "salle"), help_en="Room name as used in Sessions.",
      help_fr="Nom de la salle, comme dans Sessions."),
    C("capacity", "Capacity", "Capacité", "int", aliases=("places", "jauge", "seats"), help_en="Number of seats.",
      help_fr="Nombre de places."),
    C("notes", "Access", "Accès", aliases=("floor", "étage", "notes", "access notes", "remarques"),
      help_en="Floor, access, accessibility notes.", help_fr="Étage, accès, accessibilité."),
))

_PERSON_HELP = ("Leave first and last name empty for someone known only by job and organisation.",
                "Laissez prénom et nom vides pour une personne connue seulement par sa fonction et son organisme.")

SPEAKERS = Sheet("speakers", "Speakers", "Intervenants", True, aliases=("intervenant", "orateurs", "speaker"), columns=(
    C("id", "Id", "Identifiant", "id", True, aliases=("code",), help_en="Short unique code, used in Sessions.",
      help_fr="Code court et unique, utilisé dans Sessions."),
    C("first_name", "First name", "Prénom", aliases=("firstname", "given name"),
      help_en="First name. " + _PERSON_HELP[0], help_fr="Prénom. " + _PERSON_HELP[1]),
    C("last_name", "Last name", "Nom", aliases=("lastname", "surname", "family name", "nom de famille"),
      help_en="Last name.", help_fr="Nom de famille."),
    C("job_title", "Job title", "Fonction", aliases=("poste", "title", "position", "role"),
      help_en="Job title.", help_fr="Fonction."),
    C("organisation", "Organisation", "Organisme", aliases=("organization", "company", "entreprise", "société",
                                                             "structure", "employeur"),
      help_en="Employer or organisation.", help_fr="Employeur ou organisme."),
    C("bio", "Bio", "Biographie", aliases=("biography", "bio"), help_en="A few lines shown in the programme.",
      help_fr="Quelques lignes montrées dans le programme."),
    C("photo", "Photo", "Photo", "file", aliases=("picture", "portrait"), help_en="Image file in photos/, e.g. photos/dupont.jpg.",
      help_fr="Fichier image dans photos/, p. ex. photos/dupont.jpg."),
    C("email", "Email", "E-mail", "email", aliases=("e-mail", "mail", "courriel", "adresse e-mail"),
      help_en="Private: never published.", help_fr="Privé : jamais publié."),
    C("website", "Website", "Site web", "url", aliases=("site", "web", "url"), help_en="https:// address.",
      help_fr="Adresse https://."),
    C("twitter", "X/Twitter", "Twitter", "url", aliases=("x", "twitter/x", "x/twitter"), help_en="Profile address.",
      help_fr="Adresse du profil."),
    C("linkedin", "LinkedIn", "LinkedIn", "url", help_en="Profile address.", help_fr="Adresse du profil."),
    C("viadeo", "Viadeo", "Viadeo", "url", help_en="Profile address.", help_fr="Adresse du profil."),
))

SESSIONS = Sheet("sessions", "Sessions", "Sessions", True, aliases=("programme", "program", "séances", "session"), columns=(
    C("id", "Id", "Identifiant", "id", True, aliases=("code",), help_en="Short unique code.",
      help_fr="Code court et unique."),
    C("date", "Date", "Date", "date", aliases=("jour", "day"), help_en="Day of the session; may stay empty for a one-day event.",
      help_fr="Jour de la session ; peut rester vide pour un événement d'un jour."),
    C("start", "Start", "Début", "time", True, aliases=("heure de début", "start time", "from", "de"),
      help_en="Start time, e.g. 09:30.", help_fr="Heure de début, p. ex. 9h30."),
    C("end", "End", "Fin", "time", True, aliases=("heure de fin", "end time", "to", "à"),
      help_en="End time, e.g. 10:15.", help_fr="Heure de fin, p. ex. 10h15."),
    C("room", "Room", "Salle", aliases=("lieu", "location"), help_en="Room name (see Rooms).",
      help_fr="Nom de la salle (voir Salles)."),
    C("kind", "Kind", "Type", "choice", choices=KINDS, aliases=("format", "nature", "genre"),
      help_en="welcome, talk, keynote, round_table, break, meal, closing or other.",
      help_fr="accueil, intervention, plénière, table ronde, pause, repas, clôture ou autre."),
    C("title", "Title", "Titre", required=True, aliases=("intitulé", "sujet"), help_en="Session title.",
      help_fr="Titre de la session."),
    C("speakers", "Speakers", "Intervenants", "ids", aliases=("speaker", "intervenant", "panelists", "panélistes", "orateurs"),
      help_en="Speaker ids separated by commas (the panelists of a round table).",
      help_fr="Identifiants des intervenants séparés par des virgules (les panélistes d'une table ronde)."),
    C("moderator", "Moderator", "Modérateur", "id", aliases=("modératrice", "animateur", "animatrice", "chair"),
      help_en="Speaker id of the moderator.", help_fr="Identifiant de l'intervenant qui anime."),
    C("abstract", "Abstract", "Résumé", aliases=("description", "summary"), help_en="Short description for the programme.",
      help_fr="Courte description pour le programme."),
    C("recap", "Recap", "Compte rendu", aliases=("compte-rendu", "bilan", "report"),
      help_en="After the event: what was said (Markdown).", help_fr="Après l'événement : ce qui a été dit (Markdown)."),
    C("slides", "Slides", "Diaporama", "link", aliases=("diapos", "support", "présentation"),
      help_en="Link to the slides (https://...), or a PDF kept in the event folder, e.g. slides/survey.pdf: the recap "
              "site offers it for download.",
      help_fr="Lien vers le diaporama (https://...), ou un PDF gardé dans le dossier de l'événement, p. ex. "
              "slides/enquete.pdf : le site bilan le propose au téléchargement."),
    C("video", "Video", "Vidéo", "url", help_en="Link to the recording.", help_fr="Lien vers l'enregistrement."),
))

REGISTRANTS = Sheet("registrants", "Registrants", "Inscrits", True,
                    aliases=("attendees", "participants", "inscriptions", "inscrit"), columns=(
    C("id", "Id", "Identifiant", "id", aliases=("code", "n°", "numéro", "number"),
      help_en="Optional: left empty, confkit derives a stable id from the email.",
      help_fr="Facultatif : vide, confkit déduit un identifiant stable de l'e-mail."),
    C("first_name", "First name", "Prénom", aliases=("firstname", "given name"), help_en="First name.",
      help_fr="Prénom."),
    C("last_name", "Last name", "Nom", aliases=("lastname", "surname", "family name", "nom de famille"),
      help_en="Last name. " + _PERSON_HELP[0], help_fr="Nom de famille. " + _PERSON_HELP[1]),
    C("email", "Email", "E-mail", "email", aliases=("e-mail", "mail", "courriel", "adresse e-mail"),
      help_en="Where the invitation goes.", help_fr="Adresse où part l'invitation."),
    C("organisation", "Organisation", "Organisme", aliases=("organization", "company", "entreprise", "société",
                                                             "structure", "employeur"),
      help_en="Printed on the badge.", help_fr="Imprimé sur le badge."),
    C("job_title", "Job title", "Fonction", aliases=("poste", "title", "position"), help_en="Job title.",
      help_fr="Fonction."),
    C("category", "Category", "Catégorie", "choice", choices=CATEGORIES, aliases=("type", "statut"),
      help_en="participant, speaker, organiser, press, staff or exhibitor.",
      help_fr="participant, intervenant, organisateur, presse, équipe ou exposant."),
    C("city", "City", "Ville", help_en="City.", help_fr="Ville."),
    C("badge_name", "Badge name", "Nom sur le badge", aliases=("badge",),
      help_en="Name to print instead of first and last name.", help_fr="Nom à imprimer au lieu du prénom et du nom."),
    C("listed", "Listed", "Visible", "bool", aliases=("public", "consent", "consentement", "liste publique"),
      help_en="yes if they agree to appear on the public list.", help_fr="oui si la personne accepte d'apparaître publiquement."),
    C("sessions", "Sessions", "Sessions", "ids", aliases=("ateliers", "workshops", "choix"),
      help_en="Session ids chosen among parallel sessions (optional).",
      help_fr="Identifiants des sessions choisies parmi les sessions parallèles (facultatif)."),
))

FIGURES = Sheet("figures", "Figures", "Chiffres", False, aliases=("chiffres clés", "key figures", "stats"), columns=(
    C("group", "Group", "Groupe", aliases=("série", "series"), help_en="Figures shown together.",
      help_fr="Chiffres montrés ensemble."),
    C("label", "Label", "Libellé", required=True, aliases=("intitulé",), help_en="What the figure measures.",
      help_fr="Ce que mesure le chiffre."),
    C("value", "Value", "Valeur", "number", True, aliases=("chiffre",), help_en="A number.", help_fr="Un nombre."),
    C("unit", "Unit", "Unité", help_en="%, people ...", help_fr="%, personnes ..."),
    C("source", "Source", "Source", help_en="Where it comes from.", help_fr="D'où il vient."),
    C("session", "Session", "Session", "id", help_en="Id of the session where it was presented.",
      help_fr="Identifiant de la session où il a été présenté."),
))

QUOTES = Sheet("quotes", "Quotes", "Citations", False, aliases=("citation",), columns=(
    C("speaker", "Speaker", "Intervenant", "id", aliases=("auteur", "author"), help_en="Speaker id.",
      help_fr="Identifiant de l'intervenant."),
    C("session", "Session", "Session", "id", help_en="Session id.", help_fr="Identifiant de la session."),
    C("text", "Text", "Texte", required=True, aliases=("citation", "quote"), help_en="The words, without quotation marks.",
      help_fr="Les mots, sans guillemets."),
))

LINKS = Sheet("links", "Links", "Liens", False, aliases=("lien", "press", "presse"), columns=(
    C("title", "Title", "Titre", required=True, help_en="What the link shows.", help_fr="Ce que montre le lien."),
    C("url", "URL", "URL", "url", True, aliases=("adresse", "lien", "link"), help_en="https:// address.",
      help_fr="Adresse https://."),
    C("kind", "Kind", "Type", "choice", choices=LINK_KINDS, help_en="press, photos, video or other.",
      help_fr="presse, photos, vidéo ou autre."),
))

PHOTOS = Sheet("photos", "Photos", "Photos", False, aliases=("images",), columns=(
    C("file", "File", "Fichier", "file", True, aliases=("photo", "image"), help_en="File in photos/.",
      help_fr="Fichier dans photos/."),
    C("caption", "Caption", "Légende", help_en="What it shows.", help_fr="Ce qu'elle montre."),
    C("credit", "Credit", "Crédit", aliases=("auteur", "photographer", "photographe"), help_en="Who took it.",
      help_fr="Qui l'a prise."),
))

SHEETS = (EVENT, ROOMS, SPEAKERS, SESSIONS, REGISTRANTS, FIGURES, QUOTES, LINKS, PHOTOS)


def choice_label(value: str, lang: str) -> str:
    """A choice as the user reads it in their language."""
    return CHOICE_LABELS.get(lang, {}).get(value, value)
