"""What the check-in desk says, in English and French (part of the catalogue)."""

from __future__ import annotations


def _m(key: str, en: str, fr: str) -> tuple[str, str, str]:
    return key, en, fr


_DESK = (
    _m("desk_ready",
       en="Desk {desk} ready: scan a badge, or type a name or a list code, then Enter. {arrived} / {expected} arrived.",
       fr="Poste {desk} prêt : scannez un badge, ou tapez un nom ou un code de la liste, puis Entrée. "
          "{arrived} / {expected} arrivés."),
    _m("desk_admitted", en="WELCOME  {name}", fr="BIENVENUE  {name}"),
    _m("desk_already", en="ALREADY CHECKED IN at {time} (desk {desk})  {name}",
       fr="DÉJÀ ENREGISTRÉ à {time} (poste {desk})  {name}"),
    _m("desk_already_here", en="ALREADY CHECKED IN at {time}  {name}", fr="DÉJÀ ENREGISTRÉ à {time}  {name}"),
    _m("desk_read_twice", en="read twice, counted once  {name}", fr="lu deux fois, compté une fois  {name}"),
    _m("desk_unknown", en="UNKNOWN BADGE: genuine, but its holder is not on the list; check the registration by hand",
       fr="BADGE INCONNU : authentique, mais son porteur n'est pas sur la liste ; vérifiez l'inscription à la main"),
    _m("desk_forged", en="FORGED OR DAMAGED BADGE: check the registration by hand (search the name)",
       fr="BADGE FALSIFIÉ OU ABÎMÉ : vérifiez l'inscription à la main (cherchez le nom)"),
    _m("desk_other_event", en="BADGE OF ANOTHER EVENT", fr="BADGE D'UN AUTRE ÉVÉNEMENT"),
    _m("desk_version", en="code of an unknown format version; update confkit on this desk",
       fr="code d'une version inconnue ; mettez à jour confkit sur ce poste"),
    _m("desk_replaced", en="REPLACED BADGE: {name} has a newer badge; ask for it, or admit by name",
       fr="BADGE REMPLACÉ : {name} a un badge plus récent ; demandez-le, ou enregistrez par le nom"),
    _m("desk_matches", en="{count} found; type the number to admit:", fr="{count} trouvé(s) ; tapez le numéro pour enregistrer :"),
    _m("desk_no_match", en="nobody on the list matches \u201c{text}\u201d", fr="personne sur la liste ne correspond à « {text} »"),
    _m("desk_repaired", en="(code typed under a {layout} keyboard layout, repaired)",
       fr="(code tapé avec une disposition de clavier {layout}, réparé)"),
    _m("desk_count", en="{arrived} / {expected} arrived", fr="{arrived} / {expected} arrivés"),
    _m("desk_journal_repaired",
       en="the last line of {path} was cut by a crash ({size} bytes); it is kept in {torn} and the journal goes on",
       fr="la dernière ligne de {path} a été coupée par un arrêt brutal ({size} octets) ; elle est gardée dans "
          "{torn} et le journal continue"),
    _m("journal_busy",
       en="another desk on this computer is already writing this journal; use it, or give this one its own "
          "journal with --journal",
       fr="un autre poste sur cet ordinateur écrit déjà dans ce journal ; utilisez-le, ou donnez à celui-ci son "
          "propre journal avec --journal"),
    _m("journal_header",
       en="this is not a check-in journal: its first line must name the columns registrant_id and checked_in_at "
          "(found: {found})",
       fr="ce n'est pas un journal d'arrivées : sa première ligne doit nommer les colonnes registrant_id et "
          "checked_in_at (trouvé : {found})"),
    _m("desk_no_key",
       en="no check-in key for this event: print the badges first (confkit badges), or give the public key with "
          "--key OUT/checkin-public-key.txt",
       fr="pas de clé d'enregistrement pour cet événement : imprimez d'abord les badges (confkit badges), ou donnez "
          "la clé publique avec --key OUT/checkin-public-key.txt"),
    _m("desk_unknown_session", en="no session has the id {value}; known: {known}",
       fr="aucune session n'a l'identifiant {value} ; connues : {known}"),
    _m("merge_added", en="{file}: {added} new admission(s), {known} already in the journal",
       fr="{file} : {added} nouvelle(s) arrivée(s), {known} déjà dans le journal"),
    _m("merge_double",
       en="admitted twice: {name}, at {first_time} (desk {first_desk}) and at {later_time} (desk {later_desk}), "
          "{minutes} min apart",
       fr="enregistré deux fois : {name}, à {first_time} (poste {first_desk}) et à {later_time} (poste "
          "{later_desk}), à {minutes} min d'intervalle"),
    _m("stats_no_shows", en="not arrived yet: {count}", fr="pas encore arrivés : {count}"),
    _m("stats_late", en="arrived after {time}: {count}", fr="arrivés après {time} : {count}"),
    _m("merge_missing", en="{file}: no such file", fr="{file} : fichier introuvable"),
)
