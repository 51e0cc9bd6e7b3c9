"""What confkit says while making outputs: keys and codes, sending, changes, commands, layouts, a build run (part of the catalogue)."""

from __future__ import annotations


def _m(key: str, en: str, fr: str) -> tuple[str, str, str]:
    return key, en, fr


# Badge signing keys and check-in codes
_TOKENS = (
    _m("key_invalid",
       en="the check-in signing key {path} is not an Ed25519 private key in PEM; restore it from a backup, or "
          "delete it to create a new one (badges already printed will then fail to scan)",
       fr="la clé de signature des badges {path} n'est pas une clé privée Ed25519 au format PEM ; "
          "restaurez-la depuis une sauvegarde, ou supprimez-la pour en créer une nouvelle (les badges déjà "
          "imprimés seront alors refusés)"),
    _m("key_unreadable",
       en="cannot read the check-in signing key {path} ({error}); check its permissions",
       fr="impossible de lire la clé de signature des badges {path} ({error}) ; vérifiez ses droits d'accès"),
    _m("key_unwritable",
       en="cannot create the check-in signing key in {folder} ({error}); check that the event folder is writable",
       fr="impossible de créer la clé de signature des badges dans {folder} ({error}) ; vérifiez que le "
          "dossier de l'événement est modifiable"),
    _m("public_key_invalid",
       en="this is not a confkit check-in public key; use the file checkin-public-key.txt written with the badges",
       fr="ce n'est pas une clé publique d'enregistrement confkit ; utilisez le fichier "
          "checkin-public-key.txt écrit avec les badges"),
    _m("token_format",
       en="not a confkit check-in code; scan the badge again",
       fr="ce n'est pas un code d'enregistrement confkit ; scannez de nouveau le badge"),
    _m("token_version",
       en="check-in code of an unknown format version; update confkit on this desk",
       fr="code d'enregistrement d'une version inconnue ; mettez à jour confkit sur ce poste"),
    _m("token_event",
       en="badge of another event",
       fr="badge d'un autre événement"),
    _m("token_signature",
       en="check-in code not signed by this event (forged or altered); check the registration by hand",
       fr="code d'enregistrement non signé par cet événement (falsifié ou modifié) ; vérifiez l'inscription à "
          "la main"),
)


# Sending over SMTP
_SENDING = (
    _m("no_host",
       en="no SMTP server given; set CONFKIT_SMTP_HOST or give the server's host name",
       fr="aucun serveur SMTP indiqué ; définissez CONFKIT_SMTP_HOST ou indiquez le nom du serveur"),
    _m("bad_setting",
       en="SMTP {name}: expected {expected}; received: {received}",
       fr="SMTP, {name} : attendu {expected} ; reçu : {received}"),
    _m("cannot_connect",
       en="cannot connect to the SMTP server {host}:{port} ({reason}); check the host, the port and the "
          "security (starttls, tls, none)",
       fr="impossible de joindre le serveur SMTP {host}:{port} ({reason}) ; vérifiez le nom, le port et la "
          "sécurité (starttls, tls, none)"),
    _m("login_refused",
       en="the SMTP server refused the login ({reason}); check CONFKIT_SMTP_USER and the password",
       fr="le serveur SMTP a refusé l'identification ({reason}) ; vérifiez CONFKIT_SMTP_USER et le mot de passe"),
    _m("tls_failed",
       en="encryption with the SMTP server failed ({reason}); check the security setting and the port",
       fr="le chiffrement avec le serveur SMTP a échoué ({reason}) ; vérifiez la sécurité et le port"),
    _m("smtp_too_slow",
       en="the SMTP server {host}:{port} did not answer within {seconds} s (its reply trickles in too slowly, or "
          "not at all); check the host and the port, or try again later",
       fr="le serveur SMTP {host}:{port} n'a pas répondu en {seconds} s (sa réponse arrive trop lentement, ou pas "
          "du tout) ; vérifiez le nom et le port, ou réessayez plus tard"),
    _m("plain_auth_refused",
       en="the SMTP password would travel unencrypted to {host} (security none); nothing was sent: use "
          "--smtp-security starttls or tls, or a relay on this machine (localhost)",
       fr="le mot de passe SMTP circulerait en clair jusqu'à {host} (sécurité none) ; rien n'a été envoyé : "
          "utilisez --smtp-security starttls ou tls, ou un relais sur cette machine (localhost)"),
    _m("sending_busy",
       en="another confkit run is sending these invitations (it holds {path}); nothing was sent: let it finish, "
          "then run the same command again to send what it left",
       fr="une autre exécution de confkit envoie ces invitations (elle tient {path}) ; rien n'a été envoyé : "
          "laissez-la finir, puis relancez la même commande pour envoyer le reste"),
    _m("journal_unreadable",
       en="cannot read the sent-journal {path} ({error}); nothing was sent: restore it from a backup (without it, "
          "everyone would receive their invitations again)",
       fr="impossible de lire le journal d'envoi {path} ({error}) ; rien n'a été envoyé : restaurez-le depuis "
          "une sauvegarde (sans lui, chacun recevrait de nouveau ses invitations)"),
    _m("journal_unwritable",
       en="cannot write the sent-journal {path} ({error}); nothing was sent: check that the event folder is "
          "writable and the disk has free space",
       fr="impossible d'écrire le journal d'envoi {path} ({error}) ; rien n'a été envoyé : vérifiez que le "
          "dossier de l'événement est modifiable et que le disque a de la place"),
    _m("journal_failed",
       en="the message to {recipient} ({version}) was probably sent (the server accepted it) but could not be "
          "written to the sent-journal {path} ({error}); sending stopped before the next message: fix the "
          "journal, then run the same command again, and {recipient} will receive this message a second time",
       fr="le message à {recipient} ({version}) est probablement parti (le serveur l'a accepté) mais n'a pas pu être "
          "inscrit au journal d'envoi {path} ({error}) ; l'envoi s'est arrêté avant le message suivant : "
          "réparez le journal, puis relancez la même commande, et {recipient} recevra ce message une seconde fois"),
)


# Invitations: changes in plain words
_CHANGES = (
    _m("changes_new",
       en="{count} new invitation(s): {names}",
       fr="{count} nouvelle(s) invitation(s) : {names}"),
    _m("changes_changed",
       en="{count} invitation(s) changed ({what}): {names}",
       fr="{count} invitation(s) modifiée(s) ({what}) : {names}"),
    _m("changes_cancelled",
       en="{count} invitation(s) cancelled (no longer in the workbook): {names}",
       fr="{count} invitation(s) annulée(s) (plus dans le classeur) : {names}"),
    _m("changes_session_changed",
       en="session changed: {title}: {what}",
       fr="session modifiée : {title} : {what}"),
    _m("changes_session_people",
       en="{count} invitation(s) to send again: {what} in “{title}” — {names}",
       fr="{count} invitation(s) à renvoyer : {what} dans « {title} » — {names}"),
    _m("changes_speaker", en="speaker", fr="intervenant"),
    _m("changes_more", en="and {count} more", fr="et {count} autres"),
    _m("changes_kind_invite", en="invitation", fr="invitation"),
    _m("changes_kind_update", en="updated invitation", fr="invitation mise à jour"),
    _m("changes_kind_cancel", en="cancellation", fr="annulation"),
    _m("changes_session_cancelled",
       en="session cancelled: {title}",
       fr="session annulée : {title}"),
    _m("changes_start",
       en="start moved from {old} to {new}",
       fr="début déplacé de {old} à {new}"),
    _m("changes_end",
       en="end moved from {old} to {new}",
       fr="fin déplacée de {old} à {new}"),
    _m("changes_location",
       en="place changed from {old} to {new}",
       fr="lieu changé de {old} à {new}"),
    _m("changes_summary",
       en="title changed from {old} to {new}",
       fr="titre changé de {old} à {new}"),
    _m("changes_description",
       en="the programme in it changed",
       fr="le programme qu'elle contient a changé"),
    _m("changes_nothing",
       en="no change since the last run",
       fr="aucun changement depuis la dernière fois"),
    _m("changes_pending",
       en="{count} message(s) not sent yet",
       fr="{count} message(s) pas encore envoyé(s)"),
    _m("changes_sent_all",
       en="every message has been sent",
       fr="tous les messages ont été envoyés"),
    _m("changes_no_organiser",
       en="no invitation written: the Event sheet has no organiser email",
       fr="aucune invitation écrite : la feuille Événement n'a pas d'e-mail d'organisateur"),
)


# What the commands say
_COMMANDS = (
    _m("scaffold_exists",
       en="{path} already exists: nothing was overwritten; choose another folder",
       fr="{path} existe déjà : rien n'a été écrasé ; choisissez un autre dossier"),
    _m("scaffold_done",
       en="Created {path}: fill it in, then run `confkit check {folder}`.",
       fr="{path} créé : remplissez-le, puis lancez `confkit check {folder}`."),
    _m("sending",
       en="Sending",
       fr="Envoi"),
    _m("sending_next",
       en="Sending (next message in {seconds} s)",
       fr="Envoi (prochain message dans {seconds} s)"),
    _m("sent",
       en="{sent} sent, {skipped} already sent before, {failed} failed",
       fr="{sent} envoyé(s), {skipped} déjà envoyé(s) auparavant, {failed} en échec"),
    _m("interrupted",
       en="the server went away: run the same command again to send the rest",
       fr="le serveur ne répond plus : relancez la même commande pour envoyer le reste"),
)


# Printing badges: the calibration page and the options of `confkit badges`
_BADGES = (
    # Texts that had to wrap or shrink (console warning and preview): confkit.badges.preview
    _m("squeezed_one", en="{count} badge has text wrapped or shrunk to fit; check it in badges-preview.html:",
       fr="{count} badge a du texte renvoyé à la ligne ou réduit pour tenir ; vérifiez-le dans "
          "badges-preview.html :"),
    _m("squeezed_other", en="{count} badges have text wrapped or shrunk to fit; check them in badges-preview.html:",
       fr="{count} badges ont du texte renvoyé à la ligne ou réduit pour tenir ; vérifiez-les dans "
          "badges-preview.html :"),
    _m("squeeze_badge", en="{where} {name} — {what}", fr="{where} {name} — {what}"),
    _m("squeeze_more", en="… and {count} more, all marked in badges-preview.html",
       fr="… et {count} autres, tous signalés dans badges-preview.html"),
    _m("squeeze_item", en="{field}: {how}", fr="{field} : {how}"),
    _m("squeeze_and", en="; ", fr=" ; "),
    _m("squeeze_wrapped", en="on {lines} lines", fr="sur {lines} lignes"),
    _m("squeeze_shrunk", en="shrunk to {size} pt", fr="taille réduite à {size} pt"),
    _m("squeeze_wrapped_shrunk", en="on {lines} lines, shrunk to {size} pt",
       fr="sur {lines} lignes, taille réduite à {size} pt"),
    _m("squeeze_cut", en="cut short (…) at {size} pt", fr="texte coupé (…) à {size} pt"),
    _m("field_first_name", en="first name", fr="prénom"),
    _m("field_last_name", en="last name", fr="nom"),
    _m("field_job_title", en="job title", fr="fonction"),
    _m("field_organisation", en="organisation", fr="organisation"),
    _m("preview_code_checkin", en="QR code: signed check-in pass of {name}",
       fr="QR code : laissez-passer d'enregistrement signé de {name}"),
    _m("preview_code_vcard", en="QR code: contact card ({details})", fr="QR code : carte de contact ({details})"),
    _m("preview_summary", en="{count} badges on {sheet} sheets, drawn at their printed size, {per} to a page",
       fr="{count} badges sur planches {sheet}, dessinés à leur taille d'impression, {per} par page"),
    _m("preview_pages", en="Pages", fr="Pages"),
    _m("preview_contents", en="All {count} pages, each with the first and last name on it",
       fr="Les {count} pages, chacune avec le premier et le dernier nom qu'elle montre"),
    _m("preview_page", en="Badges {first} to {last}", fr="Badges {first} à {last}"),
    _m("calibration_note",
       en="Print at 100 % (no 'fit to page'), hold against a sheet of labels: the outlines must match.",
       fr="Imprimez à 100 % (sans « ajuster à la page ») et comparez à une planche : les contours doivent "
          "coïncider."),
    _m("start_at_beyond_sheet",
       en="a {sheet} sheet has {labels} labels; received {start_at}",
       fr="une planche {sheet} a {labels} étiquettes ; reçu {start_at}"),
    _m("no_one_to_badge", en="no one to badge matches {unknown}", fr="personne à badger ne correspond à {unknown}"),
    _m("find_no_match",
       en='no one to badge has a name or email holding "{fragment}"; check the spelling, or give part of the name',
       fr="aucune personne à badger n'a de nom ni d'e-mail contenant « {fragment} » ; vérifiez l'orthographe, ou "
          "donnez une partie du nom"),
    _m("badges_for_one", en="1 badge, for:", fr="1 badge, pour :"),
    _m("badges_for_other", en="{count} badges, for:", fr="{count} badges, pour :"),
    _m("calibration_numbers",
       en="The numbers are the positions --start-at counts: on a partly used sheet, start at the first free one.",
       fr="Les numéros sont les positions que compte --start-at : sur une planche entamée, commencez à la "
          "première libre."),
    # Images from the event folder (the logo, photos), measured before they are decoded: confkit.images
    _m("image_too_large",
       en='image "{value}" is {width} × {height} pixels ({megapixels} megapixels), more than the {limit} megapixels '
          'confkit decodes; save it smaller (2000 pixels across are plenty for print)',
       fr="l'image « {value} » fait {width} × {height} pixels ({megapixels} mégapixels), plus que les {limit} "
          "mégapixels que confkit décode ; enregistrez-la plus petite (2000 pixels de large suffisent à "
          "l'impression)"),
    _m("svg_too_complex",
       en='image "{value}" draws more than {limit} shapes once its <use> references are expanded; simplify it, '
          'or give a PNG',
       fr="l'image « {value} » dessine plus de {limit} formes une fois ses références <use> développées ; "
          "simplifiez-la, ou donnez un PNG"),
    _m("file_link_loop",
       en='file "{value}" is a symbolic link that leads back to itself; put the file itself in the event folder',
       fr="le fichier « {value} » est un lien symbolique qui revient sur lui-même ; mettez le fichier lui-même "
          "dans le dossier de l'événement"),
)


# Words inside messages and the summary of a check
_WORDS = (
    _m("did_you_mean", en=" (did you mean {}?)", fr=" (vouliez-vous dire {} ?)"),
    _m("severity_error", en="error", fr="erreur"),
    _m("severity_warning", en="warning", fr="avertissement"),
    _m("problem_summary", en="{errors}, {warnings}", fr="{errors}, {warnings}"),
    _m("errors_one", en="{count} error", fr="{count} erreur"),
    _m("errors_other", en="{count} errors", fr="{count} erreurs"),
    _m("warnings_one", en="{count} warning", fr="{count} avertissement"),
    _m("warnings_other", en="{count} warnings", fr="{count} avertissements"),
)


# Badge sheets and layouts (JSON files and options); `where` is `file: key`
_LAYOUTS = (
    _m("layout_no_file", en="no such file", fr="fichier introuvable"),
    _m("layout_unknown_sheet",
       en="unknown layout; expected one of: {known}, or the path of a .json sheet file",
       fr="mise en page inconnue ; possibles : {known}, ou le chemin d'un fichier .json"),
    _m("layout_not_utf8",
       en="not UTF-8 text; save it as UTF-8",
       fr="ce n'est pas du texte UTF-8 ; enregistrez-le en UTF-8"),
    _m("layout_bad_json", en="not valid JSON ({detail})", fr="JSON invalide ({detail})"),
    _m("layout_not_object", en="expected a JSON object", fr="un objet JSON était attendu"),
    _m("layout_unknown", en='unknown layout "{name}"', fr="mise en page inconnue « {name} »"),
    _m("layout_no_elements", en="expected a list of elements", fr="une liste d'éléments était attendue"),
    _m("layout_bad_colours",
       en="expected category: #RRGGBB pairs",
       fr="des paires catégorie : #RRGGBB étaient attendues"),
    _m("layout_one_name",
       en='expected exactly one element of type "name"',
       fr="il faut exactement un élément de type « name »"),
    _m("layout_element_not_object", en="expected an object", fr="un objet était attendu"),
    _m("layout_qr_too_small",
       en="a QR code needs a box of at least {box:.1f} mm with its quiet zone ({code} mm for the code itself), "
          "received {size:.1f}",
       fr="un QR code demande un cadre d'au moins {box:.1f} mm avec sa marge ({code} mm pour le code lui-même), "
          "reçu {size:.1f}"),
    _m("layout_beyond_badge",
       en="goes beyond the badge ({width} × {height} mm)",
       fr="dépasse du badge ({width} × {height} mm)"),
    _m("layout_page_too_small",
       en="the badges need {needed:g} mm of the page's {axis} but it has {available:g} mm",
       fr="les badges demandent {needed:g} mm de {axis} de la page, qui n'en a que {available:g}"),
    _m("page_width", en="width", fr="largeur"),
    _m("page_height", en="height", fr="hauteur"),
    _m("layout_expected", en="expected {expected}, received {received}", fr="attendu : {expected}, reçu : {received}"),
    _m("expected_positive", en="a number > 0", fr="un nombre > 0"),
    _m("expected_not_negative", en="a number ≥ 0", fr="un nombre ≥ 0"),
    _m("expected_count", en="a whole number ≥ 1", fr="un nombre entier ≥ 1"),
    _m("expected_pair",
       en="two numbers in mm, [width, height] or [left, top]",
       fr="deux nombres en mm, [largeur, hauteur] ou [gauche, haut]"),
    _m("expected_text", en="a text", fr="un texte"),
    _m("expected_flag", en="true or false", fr="true ou false"),
    _m("expected_one_of", en="one of: {options}", fr="l'une de ces valeurs : {options}"),
    _m("expected_colour", en='a colour such as #1F4E79, or "on-brand"', fr="une couleur comme #1F4E79, ou « on-brand »"),
)


# What `confkit new` writes into the template workbook
_NEW_WORKBOOK = (
    _m("workbook_instructions", en="Instructions", fr="Mode d'emploi"),
    _m("workbook_field", en="Field", fr="Champ"),
    _m("workbook_value", en="Value", fr="Valeur"),
    _m("workbook_example", en="Example", fr="Exemple"),
    _m("workbook_required", en=" Required.", fr=" Obligatoire."),
    _m("workbook_choose", en="Choose a value from the list.", fr="Choisissez une valeur de la liste."),
)


# A build run: its phases, its summary and its refusals
_RUN = (
    _m("key_exposed",
       en="{path} could be read by other users of this machine: it is owner-only again (0600); if someone may "
          "have copied it, they can forge badges: delete it, then print the badges again",
       fr="{path} était lisible par d'autres utilisateurs de cette machine : il est de nouveau réservé à son "
          "propriétaire (0600) ; si quelqu'un a pu le copier, il peut falsifier des badges : supprimez-le, puis "
          "réimprimez les badges"),
    _m("event_read_only",
       en="nothing was written: confkit cannot keep its state in this event folder (read-only?); make it "
          "writable, or build only outputs that keep none (--only programme,feeds)",
       fr="rien n'a été écrit : confkit ne peut pas garder son état dans ce dossier d'événement (en lecture "
          "seule ?) ; rendez-le modifiable, ou ne construisez que des sorties sans état (--only programme,feeds)"),
    _m('check_failed',
       en='nothing was written: correct the errors above, then run the command again',
       fr="rien n'a été écrit : corrigez les erreurs ci-dessus, puis relancez la commande"),
    _m('check_failed_strict',
       en='nothing was written: with --strict, warnings stop the build too',
       fr="rien n'a été écrit : avec --strict, les avertissements arrêtent aussi la construction"),
    _m('phase_reading',
       en='reading and checking',
       fr='lecture et vérification'),
    _m('phase_rendering',
       en='rendering',
       fr='mise en forme'),
    _m('phase_writing',
       en='writing',
       fr='écriture'),
    _m('phase_replacing',
       en='replacing the outputs',
       fr='remplacement des sorties'),
    _m('files',
       en='file(s)',
       fr='fichier(s)'),
    _m('built',
       en='{count} file(s) written to {out}',
       fr='{count} fichier(s) écrit(s) dans {out}'),
    _m('open_first',
       en='open first: {path}',
       fr="à ouvrir d'abord : {path}"),
    _m('new_key',
       en="a new signing key for the badges' QR codes was made in {path}: keep it (and a backup), or the badges printed today will no longer scan",
       fr="une nouvelle clé de signature des QR codes des badges a été créée dans {path} : gardez-la (et une copie), sinon les badges imprimés aujourd'hui ne seront plus reconnus"),
    _m('removed_foreign',
       en='removed with --force, not written by confkit: {count} file(s): {files}',
       fr='supprimé(s) avec --force, non écrit(s) par confkit : {count} fichier(s) : {files}'),
    _m('out_foreign',
       en='nothing was written: this folder holds {count} file(s) that confkit did not write ({files}); choose an empty or new folder, or add --force to replace them',
       fr="rien n'a été écrit : ce dossier contient {count} fichier(s) que confkit n'a pas écrit(s) ({files}) ; choisissez un dossier vide ou nouveau, ou ajoutez --force pour les remplacer"),
    _m('out_not_folder',
       en='nothing was written: this is a file, not a folder; choose another output folder',
       fr="rien n'a été écrit : c'est un fichier, pas un dossier ; choisissez un autre dossier de sortie"),
    _m('out_busy',
       en='another confkit run is writing outputs in this folder; wait for it to end, then run again',
       fr="une autre exécution de confkit écrit des sorties dans ce dossier ; attendez qu'elle se termine, puis relancez"),
    _m('unknown_output',
       en='unknown output {name}; expected one of: {known}',
       fr="sortie inconnue {name} ; attendu l'une de : {known}"),
    _m('no_output',
       en='every output is skipped: nothing to build',
       fr='toutes les sorties sont exclues : rien à construire'),
    _m('key_raced',
       en='another run made the signing key at the same time; nothing was written: run the command again',
       fr="une autre exécution a créé la clé de signature au même moment ; rien n'a été écrit : relancez la commande"),
    _m('source_date_epoch',
       en='expected a number of seconds since 1970, received {value}',
       fr='un nombre de secondes depuis 1970 était attendu, reçu {value}'),
    _m('template_failed',
       en='{detail}',
       fr='{detail}'),
    _m('template_not_utf8',
       en='a template file is not UTF-8 text; save it as UTF-8',
       fr="un fichier de modèle n'est pas du texte UTF-8 ; enregistrez-le en UTF-8"),
    _m('state_unreadable',
       en='unreadable ({error}); restore it from a backup: it records which invitations were issued, so that changes and cancellations reach people',
       fr='illisible ({error}) ; restaurez-le depuis une sauvegarde : il garde la trace des invitations émises, pour que modifications et annulations parviennent'),
    _m('not_a_site',
       en='this folder holds no index.html: give the site folder a build wrote, OUT/site',
       fr="ce dossier ne contient pas d'index.html : donnez le dossier du site écrit par une construction, OUT/site"),
    _m('port_busy',
       en='cannot listen there ({reason}); choose another port with --port',
       fr="impossible d'écouter là ({reason}) ; choisissez un autre port avec --port"),
    _m('serving',
       en='serving {folder} at {url} (this machine only); Ctrl-C to stop',
       fr='{folder} est servi à {url} (cette machine seulement) ; Ctrl-C pour arrêter'),
)
