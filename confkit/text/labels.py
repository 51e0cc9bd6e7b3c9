"""Words that confkit's outputs print, in English and French, and French typography."""

from __future__ import annotations

import re

LABELS = {
    "en": {
        "programme": "Programme", "speakers": "Speakers", "moderator": "Moderator", "panelists": "Panelists",
        "room": "Room", "rooms": "Rooms", "day": "Day", "page": "Page", "of": "of", "venue": "Venue",
        "feeds": "Add the programme to your conference app", "feed_xml": "frab XML", "feed_json": "JSON",
        "scan": "Scan to open the schedule in an app (Giggity, ConfClerk ...)", "organiser": "Organised by",
        "welcome": "Welcome", "talk": "Talk", "keynote": "Keynote", "round_table": "Round table",
        "break": "Break", "meal": "Meal", "closing": "Closing", "other": "Other", "contents": "Days",
        "category_participant": "Participant", "category_speaker": "Speaker", "category_organiser": "Organiser",
        "category_press": "Press", "category_staff": "Staff", "category_exhibitor": "Exhibitor",
        "badges": "Badges", "names_too_small": "names had to shrink below a readable size (outlined in red)",
        "name_shrunk": "Name shrunk to",
        "qr_explained": "each QR code carries what is written under the badge: a signed check-in code "
                        "(CK1: registrant and event, signed) or a contact card",
        "hello": "Hello", "invited": "You are invited to:", "updated": "Your invitation has changed; here is the new one:",
        "cancelled_text": "This invitation is cancelled. Your calendar removes it when you open this message.",
        "at_a_glance": "The programme at a glance", "your_sessions": "Your sessions",
        "programme_link": "The full programme:", "subject_invite": "Invitation", "subject_update": "Updated invitation",
        "subject_cancel": "Cancelled",
        "calendar_hint": "Accept or decline with your calendar's buttons; the invitation is also attached (invite.ics).",
        "link_slides": "Slides", "link_video": "Video",  # the feeds' link titles
        "agenda": "my sessions",  # a calendar of chosen sessions
        # the programme page and its PDF
        "time": "Time", "capacity": "{n} seats", "access": "Access", "about": "About the event",
        "website": "The programme online", "detailed": "Sessions in detail", "no_room": "Elsewhere",
        "in_room": "in", "photo_of": "Photo of {name}",
        # the page's tools in the browser (added by its script: the page reads whole without them)
        "filter": "Show", "kind": "Kind", "all_rooms": "All rooms", "all_kinds": "All kinds", "now": "Now", "next": "Next",
        "star": "Add to my agenda", "unstar": "Remove from my agenda", "my_agenda": "My agenda",
        "download_ics": "Download my agenda (.ics)", "starred_none": "Star sessions to build your agenda.",
        "starred_count": "{n} session(s) starred", "only_starred": "Only my agenda",
        # the recap site
        "skip_to_content": "Skip to content", "site_menu": "Site", "in_numbers": "The day in numbers",
        "sessions_word": "sessions", "speakers_word": "speakers", "registered_word": "registered",
        "quotes_title": "Heard on the day", "explore": "Explore", "recap_title": "What was said",
        "their_sessions": "Sessions",
        "figures_title": "Key figures", "attendance_title": "Attendance", "photos_title": "Photos",
        "links_title": "Press and links", "downloads_title": "Downloads", "figure_label": "Figure",
        "figure_value": "Value", "source": "Source", "attended_word": "attended",
        "organisations_word": "organisations", "cities_word": "cities", "by_category": "By category",
        "by_organisation": "By organisation", "by_city": "By city", "arrivals_title": "Arrivals",
        "arrivals_caption": "People arriving, by quarter of an hour", "highlights_title": "Highlights",
        "programme_pdf": "The programme (PDF)", "event_calendar": "Every session, for your calendar (.ics)",
        "slides_title": "Slides", "share": "Share this page", "share_email": "By email",
        "privacy_note": "Counts only: a group of fewer than {n} people is merged into “Other” or left out, so that nobody can be picked out.",
    },
    "fr": {
        "programme": "Programme", "speakers": "Intervenants", "moderator": "Modération", "panelists": "Panélistes",
        "room": "Salle", "rooms": "Salles", "day": "Jour", "page": "Page", "of": "sur", "venue": "Lieu",
        "feeds": "Ajoutez le programme à votre application de congrès", "feed_xml": "XML frab", "feed_json": "JSON",
        "scan": "Scannez pour ouvrir le programme dans une application (Giggity, ConfClerk ...)",
        "organiser": "Organisé par",
        "welcome": "Accueil", "talk": "Intervention", "keynote": "Plénière", "round_table": "Table ronde",
        "break": "Pause", "meal": "Repas", "closing": "Clôture", "other": "Autre", "contents": "Jours",
        "category_participant": "Participant", "category_speaker": "Intervenant",
        "category_organiser": "Organisateur", "category_press": "Presse", "category_staff": "Équipe",
        "category_exhibitor": "Exposant",
        "badges": "Badges", "names_too_small": "noms ont dû rétrécir sous une taille lisible (encadrés en rouge)",
        "name_shrunk": "Nom réduit à",
        "qr_explained": "chaque QR code contient ce qui est écrit sous le badge : un code d'enregistrement signé "
                        "(CK1 : inscrit et événement, signés) ou une carte de contact",
        "hello": "Bonjour", "invited": "Vous êtes invité(e) à :",
        "updated": "Votre invitation a changé ; voici la nouvelle :",
        "cancelled_text": "Cette invitation est annulée. Votre agenda la retire à l'ouverture de ce message.",
        "at_a_glance": "Le programme en bref", "your_sessions": "Vos sessions",
        "programme_link": "Le programme complet :", "subject_invite": "Invitation",
        "subject_update": "Invitation mise à jour", "subject_cancel": "Annulé",
        "calendar_hint": "Acceptez ou déclinez avec les boutons de votre agenda ; l'invitation est aussi jointe (invite.ics).",
        "link_slides": "Diaporama", "link_video": "Vidéo",  # the feeds' link titles
        "agenda": "mes sessions",  # a calendar of chosen sessions
        # the programme page and its PDF
        "time": "Horaire", "capacity": "{n} places", "access": "Accès", "about": "La journée",
        "website": "Le programme en ligne", "detailed": "Les sessions en détail", "no_room": "Autre lieu",
        "in_room": "en", "photo_of": "Photo de {name}",
        # the page's tools in the browser (added by its script: the page reads whole without them)
        "filter": "Afficher", "kind": "Type", "all_rooms": "Toutes les salles", "all_kinds": "Tous les types", "now": "En ce moment",
        "next": "Ensuite", "star": "Ajouter à mon agenda", "unstar": "Retirer de mon agenda",
        "my_agenda": "Mon agenda", "download_ics": "Télécharger mon agenda (.ics)",
        "starred_none": "Ajoutez des sessions avec l’étoile pour composer votre agenda.",
        "starred_count": "{n} session(s) choisie(s)", "only_starred": "Seulement mon agenda",
        # the recap site
        "skip_to_content": "Aller au contenu", "site_menu": "Site", "in_numbers": "La journée en chiffres",
        "sessions_word": "sessions", "speakers_word": "intervenants", "registered_word": "inscrits",
        "quotes_title": "Entendu pendant la journée", "explore": "Parcourir", "recap_title": "Ce qui s’est dit",
        "their_sessions": "Interventions",
        "figures_title": "Chiffres clés", "attendance_title": "Participation", "photos_title": "Photos",
        "links_title": "Presse et liens", "downloads_title": "Téléchargements", "figure_label": "Indicateur",
        "figure_value": "Valeur", "source": "Source", "attended_word": "présents",
        "organisations_word": "organismes", "cities_word": "villes", "by_category": "Par catégorie",
        "by_organisation": "Par organisme", "by_city": "Par ville", "arrivals_title": "Arrivées",
        "arrivals_caption": "Arrivées par quart d’heure", "highlights_title": "Temps forts",
        "programme_pdf": "Le programme (PDF)", "event_calendar": "Toutes les sessions, pour votre agenda (.ics)",
        "slides_title": "Diaporamas", "share": "Partager cette page", "share_email": "Par e-mail",
        "privacy_note": "Des effectifs seulement : un groupe de moins de {n} personnes est fondu dans « Autres » ou omis, pour que personne ne puisse être reconnu.",
    },
}

NBSP, NNBSP = "\u00a0", "\u202f"
_BEFORE_TALL = re.compile(r"(?<=\w|[»)\]…'’\"%]) ?([;!?])(?=\s|$|[»)\]!?])")
_BEFORE_COLON = re.compile(r"(?<=\S) :(?=\s|$)")
_BEFORE_PERCENT = re.compile(r"(?<=\d) %")  # "78 %" must not break before its sign


def french_spacing(text: str) -> str:
    """Non-breaking spaces where French typography wants them: before ; ! ? : % and inside « »."""
    text = _BEFORE_TALL.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_PERCENT.sub(NNBSP + "%", text)
    return re.sub(r"«\s*", "«" + NBSP, re.sub(r"\s*»", NBSP + "»", text))
