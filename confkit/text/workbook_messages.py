"""What confkit says about a workbook: its problems, located at their cells, and input it cannot read (part of the catalogue)."""

from __future__ import annotations


def _m(key: str, en: str, fr: str) -> tuple[str, str, str]:
    return key, en, fr


# Problems in a workbook — the workbook's structure
_STRUCTURE = (
    _m("missing_sheet",
       en='missing sheet "{sheet}" (found sheets: {found}){suggestion}; add it, or rename the sheet that holds it',
       fr="feuille « {sheet} » absente (feuilles trouvées : {found}){suggestion} ; ajoutez-la, ou renommez celle "
          "qui la contient"),
    _m("no_header",
       en="no header row found in the first 20 rows; put the column names ({expected}) in one row",
       fr="aucune ligne d'en-tête dans les 20 premières lignes ; mettez les noms de colonnes ({expected}) sur "
          "une ligne"),
    _m("email_column_missing",
       en="no Email column, so nobody can be invited (the event has an organiser email); name the column of "
          "addresses one of: {names}",
       fr="pas de colonne E-mail : personne ne peut être invité (l'événement a un e-mail d'organisateur) ; "
          "nommez la colonne des adresses de l'un de ces noms : {names}"),
    _m("missing_column",
       en="missing column '{column}' (found: {found}); add a column with this header",
       fr="colonne « {column} » absente (trouvées : {found}) ; ajoutez une colonne avec cet en-tête"),
    _m("renamed_column",
       en="missing column '{column}' (did you mean \"{header}\"?); rename this header {column}, or add a column "
          "with that header",
       fr="colonne « {column} » absente (vouliez-vous dire « {header} » ?) ; renommez cet en-tête {column}, ou "
          "ajoutez une colonne avec cet en-tête"),
    _m("did_you_mean_name",
       en=' (did you mean "{value}"?)',
       fr=" (vouliez-vous dire « {value} » ?)"),
    _m("missing_field",
       en="no {column} row; add one here: {column} in column A, its value in column B",
       fr="pas de ligne {column} ; ajoutez-la ici : {column} en colonne A, sa valeur en colonne B"),
    _m("no_date_column",
       en="no Date column while the event lasts several days; add one, with each session's day",
       fr="pas de colonne Date alors que l'événement dure plusieurs jours ; ajoutez-en une, avec le jour de "
          "chaque session"),
    _m("duplicate_column",
       en='column "{header}" repeats column {first}; only the first is read, rename or remove this one',
       fr="la colonne « {header} » répète la colonne {first} ; seule la première est lue, renommez ou "
          "supprimez celle-ci"),
    _m("unknown_column",
       en='unknown column "{header}" is kept as extra data; rename it if it was meant as one of: {expected}',
       fr="colonne inconnue « {header} » conservée comme donnée supplémentaire ; renommez-la si elle devait "
          "être l'une de celles-ci : {expected}"),
    _m("unknown_field",
       en='unknown field "{field}" is kept as extra data; known fields: {expected}',
       fr="champ inconnu « {field} » conservé comme donnée supplémentaire ; champs connus : {expected}"),
)


# Problems in a workbook — cell values
_CELLS = (
    _m("required",
       en="{column} is empty; fill it in",
       fr="la cellule {column} est vide ; remplissez-la"),
    _m("bad_date",
       en='"{value}" is not a date; type a date such as 2010-10-19 or 19/10/2010',
       fr="« {value} » n'est pas une date ; saisissez une date comme 19/10/2010 ou 2010-10-19"),
    _m("implausible_date",
       en='"{value}" is not a plausible date for an event; type a date between {first} and {last}, such as '
          "2010-10-19",
       fr="« {value} » n'est pas une date vraisemblable pour un événement ; saisissez une date entre {first} et "
          "{last}, comme 19/10/2010"),
    _m("bad_time",
       en='"{value}" is not a time; type a time such as 09:30, 9h30 or 2:30 PM',
       fr="« {value} » n'est pas une heure ; saisissez une heure comme 9h30, 09:30 ou 14:30"),
    _m("bad_number",
       en='"{value}" is not a number; type digits only, such as 78 or 4600',
       fr="« {value} » n'est pas un nombre ; saisissez seulement des chiffres, comme 78 ou 4600"),
    _m("bad_int",
       en='"{value}" is not a whole number; type digits only, such as 250',
       fr="« {value} » n'est pas un nombre entier ; saisissez seulement des chiffres, comme 250"),
    _m("bad_bool",
       en='"{value}" is neither yes nor no; type yes or no (or x for yes, empty for no)',
       fr="« {value} » n'est ni oui ni non ; saisissez oui ou non (ou x pour oui, vide pour non)"),
    _m("bad_choice",
       en='"{value}" is not a known value; expected one of: {expected}',
       fr="« {value} » n'est pas une valeur connue ; valeurs possibles : {expected}"),
    _m("bad_email",
       en='"{value}" is not an email address ({reason}); write it as name@domain, e.g. jean.dupont@example.org',
       fr="« {value} » n'est pas une adresse e-mail ; écrivez-la sous la forme nom@domaine, p. ex. "
          "jean.dupont@example.org"),
    _m("bad_url",
       en='"{value}" is not a web address; write it in full, starting with https://',
       fr="« {value} » n'est pas une adresse web ; écrivez-la en entier, en commençant par https://"),
    _m("bad_link",
       en='"{value}" is neither a web address nor a file of the event folder; give an address starting with '
          "https://, or the path of a file in the event folder such as slides/survey.pdf",
       fr="« {value} » n'est ni une adresse web ni un fichier du dossier de l'événement ; donnez une adresse "
          "commençant par https://, ou le chemin d'un fichier du dossier comme slides/enquete.pdf"),
    _m("bad_colour",
       en='"{value}" is not a colour; type a hex code such as #1F4E79',
       fr="« {value} » n'est pas une couleur ; saisissez un code hexadécimal comme #1F4E79"),
    _m("bad_id",
       en='"{value}" is not a usable id; use at most 64 letters, digits, "-", "_" or "."',
       fr="« {value} » n'est pas un identifiant utilisable ; employez au plus 64 caractères : lettres, chiffres, "
          "« - », « _ » ou « . »"),
    _m("bad_timezone",
       en='"{value}" is not a time zone; use an IANA name such as Europe/Paris{suggestion}',
       fr="« {value} » n'est pas un fuseau horaire ; employez un nom IANA comme Europe/Paris{suggestion}"),
    _m("no_name",
       en="this person has no name; give a first or last name, or a job title and an organisation",
       fr="cette personne n'a pas de nom ; indiquez un prénom ou un nom, ou une fonction et un organisme"),
)


# Problems in a workbook — times and places
_TIMES = (
    _m("end_before_start",
       en="end {end} is before start {start}; swap them or correct one",
       fr="la fin {end} précède le début {start} ; inversez-les ou corrigez l'une des deux"),
    _m("event_end_before_start",
       en="end date {end} is before start date {start}; correct one of them",
       fr="la date de fin {end} précède la date de début {start} ; corrigez l'une des deux"),
    _m("event_too_long",
       en="the event would last {days} days (until {end}), more than {limit}; correct the end date",
       fr="l'événement durerait {days} jours (jusqu'au {end}), plus de {limit} ; corrigez la date de fin"),
    _m("long_event",
       en="the event lasts {days} days (until {end}); check the end date",
       fr="l'événement dure {days} jours (jusqu'au {end}) ; vérifiez la date de fin"),
    _m("outside_dates",
       en="session on {date} is outside the event's dates ({first} to {last}); correct the date or the "
          "event's dates",
       fr="la session du {date} est hors des dates de l'événement (du {first} au {last}) ; corrigez la date "
          "ou celles de l'événement"),
    _m("missing_session_date",
       en="Date is empty and the event lasts several days; give the session's day",
       fr="la date est vide et l'événement dure plusieurs jours ; indiquez le jour de la session"),
    _m("room_overlap",
       en='"{title}" ({start}–{end}) overlaps "{other}" ({other_start}–{other_end}, {other_where}) in room '
          '"{room}"; move one of them',
       fr="« {title} » ({start}–{end}) chevauche « {other} » ({other_start}–{other_end}, {other_where}) dans "
          "la salle « {room} » ; déplacez l'une des deux"),
    _m("double_booked",
       en='{speaker} is in "{title}" and in "{other}" ({other_where}) at the same time; change one of the sessions',
       fr="{speaker} est à la fois dans « {title} » et dans « {other} » ({other_where}) ; modifiez l'une des "
          "sessions"),
    _m("chosen_overlap",
       en='{name} chose "{title}" and "{other}", which take place at the same time; ask which one they want',
       fr="{name} a choisi « {title} » et « {other} », qui ont lieu en même temps ; demandez laquelle retenir"),
    _m("unknown_room",
       en='room "{value}" is not in the Rooms sheet (known: {expected}){suggestion}; correct the name or add the '
          "room there",
       fr="la salle « {value} » n'est pas dans la feuille Salles (salles connues : {expected}){suggestion} ; "
          "corrigez le nom ou ajoutez-y la salle"),
    _m("no_room",
       en="no room given while the event has several rooms ({expected}); say where it takes place",
       fr="aucune salle alors que l'événement en a plusieurs ({expected}) ; indiquez où la session a lieu"),
)


# Problems in a workbook — references between sheets
_REFERENCES = (
    _m("unknown_speaker",
       en='unknown speaker id "{value}"{suggestion}; it must be an id of the Speakers sheet',
       fr="identifiant d'intervenant inconnu « {value} »{suggestion} ; ce doit être un identifiant de la feuille "
          "Intervenants"),
    _m("unknown_moderator",
       en='unknown moderator id "{value}"{suggestion}; it must be an id of the Speakers sheet',
       fr="identifiant de modérateur inconnu « {value} »{suggestion} ; ce doit être un identifiant de la feuille "
          "Intervenants"),
    _m("unknown_session",
       en='unknown session id "{value}"{suggestion}; it must be an id of the Sessions sheet',
       fr="identifiant de session inconnu « {value} »{suggestion} ; ce doit être un identifiant de la feuille "
          "Sessions"),
    _m("duplicate_id",
       en='id "{value}" is already used at {first}; ids must be unique',
       fr="l'identifiant « {value} » est déjà employé en {first} ; les identifiants doivent être uniques"),
    _m("duplicate_room",
       en='room "{value}" is already listed at {first}; keep one row per room',
       fr="la salle « {value} » figure déjà en {first} ; gardez une ligne par salle"),
    _m("duplicate_email",
       en='"{value}" is already registered at {first}; remove the duplicate row or correct the address',
       fr="l'adresse « {value} » figure déjà en {first} ; supprimez le doublon ou corrigez l'adresse"),
    _m("derived_id_clash",
       en="this row gets the same derived id as {first}; give both an id in the Id column",
       fr="cette ligne reçoit le même identifiant déduit que {first} ; donnez un identifiant aux deux dans la "
          "colonne Identifiant"),
)


# Problems in a workbook — files
_FILES = (
    _m("file_missing",
       en='file "{value}" does not exist in the event folder; add it or correct the name',
       fr="le fichier « {value} » n'existe pas dans le dossier de l'événement ; ajoutez-le ou corrigez le nom"),
    _m("not_an_image",
       en='file "{value}" is not a readable image; give a PNG, JPEG or SVG file',
       fr="le fichier « {value} » n'est pas une image lisible ; donnez un fichier PNG, JPEG ou SVG"),
    _m("slides_kind",
       en='file "{value}" is not a slide deck the recap site offers for download; give a PDF (or a .pptx, .odp, '
          ".key file), or a web address starting with https://",
       fr="le fichier « {value} » n'est pas un diaporama que le site bilan propose au téléchargement ; donnez un "
          "PDF (ou un fichier .pptx, .odp, .key), ou une adresse web commençant par https://"),
    _m("slides_too_large",
       en='file "{value}" weighs {size} MB; the recap site offers it for download as it is, and many web hosts '
          "refuse files over {limit} MB; save a lighter PDF, or give a web address where it is kept",
       fr="le fichier « {value} » pèse {size} Mo ; le site bilan le propose tel quel au téléchargement, et bien "
          "des hébergeurs refusent les fichiers de plus de {limit} Mo ; enregistrez un PDF plus léger, ou donnez "
          "l'adresse web où il se trouve"),
    _m("svg_portrait",
       en='photo "{value}" is an SVG: the programme shows it, but the recap site shows initials instead (an SVG may '
          "carry scripts and hidden data that confkit cannot remove); give a JPEG or PNG",
       fr="la photo « {value} » est un SVG : le programme l'affiche, mais le site bilan montre des initiales à la "
          "place (un SVG peut contenir des scripts et des données cachées que confkit ne sait pas retirer) ; "
          "donnez un JPEG ou un PNG"),
    _m("svg_photo",
       en='photo "{value}" is an SVG: the recap site leaves it out (an SVG may carry scripts and hidden data that '
          "confkit cannot remove); give a JPEG or PNG",
       fr="la photo « {value} » est un SVG : le site bilan la laisse de côté (un SVG peut contenir des scripts et "
          "des données cachées que confkit ne sait pas retirer) ; donnez un JPEG ou un PNG"),
    _m("file_outside",
       en='file "{value}" is outside the event folder; copy it into the folder and give its relative path',
       fr="le fichier « {value} » est hors du dossier de l'événement ; copiez-le dans le dossier et indiquez "
          "son chemin relatif"),
)


# Problems in a workbook — suspicious but legal
_SUSPICIOUS = (
    _m("no_bio",
       en="{name} has no bio; the programme will show only their name",
       fr="{name} n'a pas de biographie ; le programme n'affichera que son nom"),
    _m("no_photo",
       en="{name} has no photo; the recap site will show initials",
       fr="{name} n'a pas de photo ; le site bilan affichera ses initiales"),
    _m("no_caption",
       en='photo "{value}" has no caption; on the recap site its description for blind visitors would be empty',
       fr="la photo « {value} » n'a pas de légende ; sur le site bilan, sa description pour les personnes aveugles serait vide"),
    _m("no_organisation",
       en="{name} has no organisation; the badge will show none",
       fr="{name} n'a pas d'organisme ; le badge n'en affichera aucun"),
    _m("no_event_id",
       en='no Id: the event\'s id is taken from its title ("{value}"); add an Id row, as renaming the event '
          "would otherwise make printed badges and sent invitations look like another event's",
       fr="pas d'identifiant : celui de l'événement est tiré de son titre (« {value} ») ; ajoutez une ligne "
          "Identifiant, sinon renommer l'événement ferait passer badges imprimés et invitations envoyées pour "
          "ceux d'un autre"),
    _m("no_organiser_email",
       en="no organiser email: invitations need one (as their sender and organiser); add it to write them",
       fr="pas d'e-mail d'organisateur : les invitations en ont besoin (expéditeur et organisateur) ; "
          "ajoutez-le pour les écrire"),
    _m("unsendable_email",
       en='"{value}" has letters outside ASCII before the @, which confkit\'s SMTP sender cannot send to; give an '
          "ASCII address",
       fr="« {value} » contient des lettres hors ASCII avant le @ : l'expéditeur SMTP de confkit ne peut pas "
          "écrire à cette adresse ; donnez une adresse en ASCII"),
    _m("no_email",
       en="{name} has no email; they will receive no invitation",
       fr="{name} n'a pas d'e-mail ; cette personne ne recevra pas d'invitation"),
    # The template's examples left in (scaffold.example_rows; example_values in the Event sheet, whose rows
    # are fields); {rows} is numbers and example_rows_span, {note} example_rows_uninvited in Registrants
    _m("example_rows_one",
       en="1 example row is still in {sheet} (row {rows}); replace or delete it{note}",
       fr="1 ligne d'exemple est encore dans {sheet} (ligne {rows}) ; remplacez-la ou supprimez-la{note}"),
    _m("example_rows_other",
       en="{count} example rows are still in {sheet} (rows {rows}); replace or delete them{note}",
       fr="{count} lignes d'exemple sont encore dans {sheet} (lignes {rows}) ; remplacez-les ou "
          "supprimez-les{note}"),
    _m("example_values_one",
       en="1 example value is still in {sheet} (row {rows}); replace it with your event's",
       fr="1 valeur d'exemple est encore dans {sheet} (ligne {rows}) ; remplacez-la par celle de votre "
          "événement"),
    _m("example_values_other",
       en="{count} example values are still in {sheet} (rows {rows}); replace them with your event's",
       fr="{count} valeurs d'exemple sont encore dans {sheet} (lignes {rows}) ; remplacez-les par celles de "
          "votre événement"),
    _m("example_rows_span",
       en="{first}-{last}",
       fr="{first} à {last}"),
    _m("example_rows_uninvited",
       en=" (no invitation is written to an example address)",
       fr=" (aucune invitation n'est écrite pour une adresse d'exemple)"),
)


# Input that cannot be read at all (exit 2); `where` is the path
_UNUSABLE = (
    _m("not_found",
       en="no such file or folder",
       fr="fichier ou dossier introuvable"),
    _m("no_workbook",
       en="no workbook (.xlsx or .ods) in this folder; create one with `confkit new`",
       fr="aucun classeur (.xlsx ou .ods) dans ce dossier ; créez-en un avec `confkit new`"),
    _m("two_workbooks",
       en="several workbooks in this folder ({names}); keep only one, or give the one to read: confkit check "
          '"{example}"',
       fr="plusieurs classeurs dans ce dossier ({names}) ; n'en gardez qu'un, ou indiquez celui à lire : "
          'confkit check "{example}"'),
    _m("unsupported",
       en="not a workbook confkit reads; save it as .xlsx or .ods",
       fr="classeur non pris en charge ; enregistrez-le en .xlsx ou .ods"),
    _m("empty",
       en="the file is empty",
       fr="le fichier est vide"),
    _m("corrupt",
       en="not a readable {kind} workbook ({detail}); open it in your spreadsheet and save it again",
       fr="classeur {kind} illisible ({detail}) ; ouvrez-le dans votre tableur et enregistrez-le à nouveau"),
    _m("unsafe_xml",
       en="refused: {part} declares an XML document type (DTD), which spreadsheets never need and attacks use",
       fr="refusé : {part} déclare un type de document XML (DTD), dont les tableurs n'ont jamais besoin et "
          "dont les attaques se servent"),
    _m("too_large",
       en="refused: it unpacks to more than {limit} MB",
       fr="refusé : une fois décompressé, il dépasse {limit} Mo"),
    _m("too_many_rows",
       en='refused: sheet "{sheet}" has a cell in row {rows}, and confkit reads at most {limit} rows a sheet; delete '
          "the rows below your data",
       fr="refusé : la feuille « {sheet} » a une cellule en ligne {rows}, or confkit lit au plus {limit} lignes par "
          "feuille ; supprimez les lignes sous vos données"),
    _m("too_many_columns",
       en='refused: sheet "{sheet}" has a cell in column {column}, and confkit reads at most {limit} columns a sheet; '
          "delete the columns right of your data",
       fr="refusé : la feuille « {sheet} » a une cellule en colonne {column}, or confkit lit au plus {limit} colonnes "
          "par feuille ; supprimez les colonnes à droite de vos données"),
    _m("too_many_cells",
       en="refused: its sheets span {cells} cells (rows × columns), and confkit reads at most {limit}; delete the "
          "sheets, rows and columns it does not need",
       fr="refusé : ses feuilles couvrent {cells} cellules (lignes × colonnes), or confkit en lit au plus {limit} ; "
          "supprimez les feuilles, lignes et colonnes inutiles"),
    # The recap site: check-ins (checkins.csv, `where` is its file:line) and the Figures sheet as charts
    _m("checkins_header",
       en="not a list of check-ins: its first line must name the columns registrant_id and checked_in_at (found: "
          "{found}); export it again as CSV with that header",
       fr="ce n'est pas une liste d'arrivées : sa première ligne doit nommer les colonnes registrant_id et "
          "checked_in_at (trouvé : {found}) ; exportez-la à nouveau en CSV avec cet en-tête"),
    _m("checkins_not_text",
       en="not a CSV text file ({detail}); export the check-ins as CSV (UTF-8)",
       fr="ce n'est pas un fichier texte CSV ({detail}) ; exportez les arrivées en CSV (UTF-8)"),
    _m("checkins_binary",
       en="binary data",
       fr="données binaires"),
    _m("checkins_long_field",
       en="a field longer than {limit} characters",
       fr="un champ de plus de {limit} caractères"),
    _m("checkins_unknown",
       en='"{value}" is not a registrant of this event; this check-in is not counted, correct the id from the '
          "Registrants sheet",
       fr="« {value} » n'est pas un inscrit de cet événement ; cette arrivée n'est pas comptée, corrigez "
          "l'identifiant d'après la feuille Inscrits"),
    _m("checkins_no_id",
       en="registrant_id is empty; this check-in is not counted, give the registrant's id",
       fr="registrant_id est vide ; cette arrivée n'est pas comptée, indiquez l'identifiant de l'inscrit"),
    _m("checkins_bad_time",
       en='"{value}" is not a time; this check-in is not counted, write it as 2010-10-19T08:40:49+02:00',
       fr="« {value} » n'est pas une heure ; cette arrivée n'est pas comptée, écrivez-la sous la forme "
          "2010-10-19T08:40:49+02:00"),
    _m("checkins_outside",
       en="check-in at {value} is outside the event's dates ({first} to {last}); the person counts as attended, "
          "without an arrival time; check the scanner's clock",
       fr="arrivée le {value}, hors des dates de l'événement (du {first} au {last}) ; la personne est comptée "
          "présente, sans heure d'arrivée ; vérifiez l'horloge du lecteur"),
    _m("attendance_other",
       en="Other",
       fr="Autres"),
    _m("figures_untitled",
       en="Key figures",
       fr="Chiffres clés"),
    _m("chart_description",
       en="Horizontal bars, one per figure, each with its value written at its end: {items}.",
       fr="Barres horizontales, une par chiffre, chacune avec sa valeur écrite au bout : {items}."),
    _m("chart_scales",
       en="Each unit has its own scale; percentages are drawn against 100%.",
       fr="Chaque unité a sa propre échelle ; les pourcentages sont rapportés à 100\u00a0%."),
    _m("chart_sources",
       en="Source: {sources}.",
       fr="Source : {sources}."),
)
