"""Template sentences (English, French) for the replica's invented articles.

Written for the replica; slots are filled from `slots.py`. `{link}` marks where a citation
link goes. Typographic apostrophes and quotes are deliberate: extractors must keep them.
"""

NEWS_TITLES = [
    ("NATO Secretary General meets {role} of {country}", "{Sg_short} de l’OTAN rencontre {leader}"),
    ("Allies discuss {topic} {place}", "Les Alliés examinent {topic} {place}"),
    ("{country} hosts NATO exercise {exercise}", "{Country} accueille l’exercice {exercise} de l’OTAN"),
    (
        "NATO and {country} step up cooperation on {topic}",
        "L’OTAN et {country} renforcent leur coopération sur {topic}",
    ),
    ("Secretary General welcomes progress on {topic}", "{Sg_short} salue les progrès accomplis dans {topic}"),
    (
        "NATO experts review {topic2} with {adjective} officials",
        "Des experts de l’OTAN font le point sur {topic2} avec {country}",
    ),
]

LEADS = [
    (
        "{date_phrase}{sg} met with {leader} {place} to discuss {topic}.",
        "{date_phrase}{sg} s’est entretenu{e} avec {leader}, {place}, pour discuter {de_topic}.",
    ),
    (
        "{date_phrase}NATO Allies gathered {place} for talks on {topic} and {topic2}.",
        "{date_phrase}les Alliés de l’OTAN se sont réunis {place} pour des discussions sur {topic} et "
        "{topic2}.",
    ),
    ("{date_phrase}{sg} welcomed {leader} {place}.", "{date_phrase}{sg} a accueilli {leader} {place}."),
    (
        "{date_phrase}forces from {count} Allies and partners began exercise {exercise}, hosted by {country}.",
        "{date_phrase}des forces de {count} pays alliés et partenaires ont commencé l’exercice {exercise}, "
        "accueilli par {country}.",
    ),
]

NEWS_SENTENCES = [
    (
        "{sg_surname} thanked {leader_surname} for {country}’s many contributions to the Alliance.",
        "{sg_surname} a remercié {leader_surname} pour les nombreuses contributions {de_country} à l’Alliance.",
    ),
    (
        "{country} now spends {pct} of its GDP on defence and hosts a multinational battlegroup.",
        "{Country} consacre désormais {pct} de son PIB à la défense et accueille un groupement tactique "
        "multinational.",
    ),
    (
        "The two discussed how to strengthen {topic2} in the years ahead.",
        "Les deux interlocuteurs ont examiné les moyens de renforcer {topic2} dans les années à venir.",
    ),
    (
        "{Sg_short} stressed that {topic} remains a priority for all {count} participating nations.",
        "{Sg_short} a souligné que {topic} demeure une priorité pour les {count} nations participantes.",
    ),
    (
        "Allies agreed to review progress again before the end of {year}.",
        "Les Alliés sont convenus de faire à nouveau le point avant la fin de l’année {year}.",
    ),
    (
        "{sg_surname} said the Alliance’s work on {topic} {lq}makes every Ally safer{rq}.",
        "{sg_surname} a déclaré que le travail de l’Alliance sur {topic} {lq}renforce la sécurité de chaque "
        "Allié{rq}.",
    ),
    (
        "More than {count} experts took part in the sessions, which covered planning, logistics and training.",
        "Plus de {count} experts ont participé aux séances, consacrées à la planification, à la logistique et à "
        "l’entraînement.",
    ),
    (
        "{leader_surname} underlined {country}’s commitment to {topic2}.",
        "{leader_surname} a souligné l’engagement {de_country} en faveur {de_topic2}.",
    ),
    (
        "The meeting took place {place} and lasted most of the day.",
        "La réunion s’est tenue {place} et a duré la plus grande partie de la journée.",
    ),
    (
        "Exercise {exercise} tested how quickly Allies can reinforce one another in a crisis.",
        "L’exercice {exercise} a permis de vérifier la rapidité avec laquelle les Alliés peuvent se renforcer "
        "mutuellement en cas de crise.",
    ),
    (
        "Officials also reviewed a roadmap on {topic2}, first agreed in {year}.",
        "Les responsables ont également examiné une feuille de route sur {topic2}, adoptée pour la première "
        "fois en {year}.",
    ),
    (
        "{Sg_short} called the talks {lq}frank, useful and forward-looking{rq}.",
        "{Sg_short} a qualifié les entretiens de {lq}francs, utiles et tournés vers l’avenir{rq}.",
    ),
    (
        "A joint statement is expected to follow, setting out next steps on {topic}.",
        "Une déclaration commune devrait suivre, précisant les prochaines étapes en matière {de_topic}.",
    ),
    (
        "Around {count} ships, aircraft and land units were involved at the peak of the activity.",
        "Environ {count} navires, aéronefs et unités terrestres ont été engagés au plus fort de l’activité.",
    ),
    (
        "{leader_surname} said that {country} would host further training in {year}.",
        "{leader_surname} a indiqué que {country} accueillerait d’autres entraînements en {year}.",
    ),
    (
        "The discussion also touched on industrial capacity and the need to invest more, and faster.",
        "La discussion a également porté sur les capacités industrielles et sur la nécessité d’investir "
        "davantage, et plus vite.",
    ),
]

QUOTES = [
    (
        "{lq}Our Alliance is only as strong as the trust between us, and today showed that trust is strong,{rq} "
        "said {sg_surname}.",
        "{lq}Notre Alliance n’est forte que de la confiance qui nous unit, et aujourd’hui a montré que cette "
        "confiance est solide{rq}, a déclaré {sg_surname}.",
    ),
    (
        "{lq}We must keep investing in {topic}, because the threats we face are not standing still,{rq} "
        "{sg_surname} added.",
        "{lq}Nous devons continuer d’investir dans {topic}, car les menaces auxquelles nous sommes confrontés "
        "ne cessent d’évoluer{rq}, a ajouté {sg_surname}.",
    ),
]

CITATIONS = [
    (
        "These discussions build on {link}, which set out the Allies’ approach to {topic}.",
        "Ces discussions s’inscrivent dans le prolongement de {link}, qui exposait l’approche des Alliés en "
        "matière {de_topic}.",
    ),
    ("For background, see {link}.", "Pour plus d’informations, voir {link}."),
]
CITATION_TEXT = ("the statement of {target_date}", "la déclaration du {target_date}")

SUBHEADINGS = [
    ("Key outcomes", "Principaux résultats"),
    ("Next steps", "Prochaines étapes"),
    ("Background", "Contexte"),
    ("What the exercise tested", "Ce que l’exercice a permis de tester"),
]

LIST_ITEMS = [
    ("a review of {topic} by the end of {year};", "un réexamen {de_topic} d’ici à la fin de {year} ;"),
    (
        "closer exchanges of information with {country};",
        "des échanges d’informations plus étroits avec {country} ;",
    ),
    (
        "{count} additional training slots for partner officers;",
        "{count} places de formation supplémentaires pour les officiers partenaires ;",
    ),
    ("joint work on {topic2};", "des travaux communs sur {topic2} ;"),
    (
        "regular reporting to the North Atlantic Council.",
        "des comptes rendus réguliers au Conseil de l’Atlantique Nord.",
    ),
]

# A cyber-defence exercise legitimately talks about newsletters, passwords and codes.
CYBER_PARAGRAPHS = [
    (
        "During exercise {exercise}, defenders faced a phishing campaign disguised as a staff newsletter that "
        "asked readers to confirm their password.",
        "Pendant l’exercice {exercise}, les défenseurs ont fait face à une campagne d’hameçonnage déguisée en "
        "newsletter interne, qui demandait aux lecteurs de confirmer leur mot de passe.",
    ),
    (
        "Teams had {count} minutes to reset every compromised password and to roll out a six-digit verification "
        "code for remote access.",
        "Les équipes disposaient de {count} minutes pour réinitialiser chaque mot de passe compromis et pour "
        "déployer un code de vérification à six chiffres pour l’accès à distance.",
    ),
    (
        "One fake message told users: {lq}Check your inbox and enter the verification code before it "
        "expires.{rq} Analysts traced it back within the hour.",
        "Un faux message disait aux utilisateurs : {lq}Vérifiez votre boîte de réception et saisissez le code "
        "de vérification avant qu’il n’expire.{rq} Les analystes en ont retrouvé l’origine en moins d’une "
        "heure.",
    ),
    (
        "The lessons learned will be shared with all Allies through the cyber defence community’s own "
        "newsletter and a classified report.",
        "Les enseignements tirés seront partagés avec tous les Alliés par la newsletter de la communauté de "
        "cyberdéfense et dans un rapport classifié.",
    ),
]

TRANSCRIPT_KINDS = {
    "press-point": (
        "Press point by NATO Secretary General {sg_name}",
        "Point de presse {du_sg} de l’OTAN, {sg_name}",
    ),
    "opening-remarks": (
        "Opening remarks by NATO Secretary General {sg_name}",
        "Allocution d’ouverture {du_sg} de l’OTAN, {sg_name}",
    ),
    "interview": (
        "Interview with NATO Secretary General {sg_name} by {outlet}",
        "Entretien {du_sg} de l’OTAN, {sg_name}, avec {outlet}",
    ),
    "doorstep": (
        "Doorstep statement by NATO Secretary General {sg_name}",
        "Déclaration à la presse {du_sg} de l’OTAN, {sg_name}",
    ),
    "joint-press-conference": (
        "Joint press conference by NATO Secretary General {sg_name} and {leader}",
        "Conférence de presse conjointe {du_sg} de l’OTAN, {sg_name}, et {du_role} {de_country}, {oname}",
    ),
    "speech": (
        "Speech by NATO Secretary General {sg_name} on {topic}",
        "Discours {du_sg} de l’OTAN, {sg_name}, sur {topic}",
    ),
}
TRANSCRIPT_SUBTITLES = [
    ("{title} following the meeting with {leader}", "{title} à l’issue de la rencontre avec {leader}"),
    ("{title} {place}", "{title} {place}"),
]
AS_DELIVERED = ("(As delivered)", "(Seul le texte prononcé fait foi)")
SPEAKER_SG = ("NATO Secretary General {sg_name}:", "{Sg_short} de l’OTAN, {sg_name}\u00a0:")
SPEAKER_MODERATOR = ("Moderator:", "Modérateur\u00a0:")
SPEAKER_QUESTION = ("Question [{outlet}]:", "Question [{outlet}]\u00a0:")
SPEECH_PARAGRAPHS = [
    (
        "Good afternoon. It is a pleasure to welcome {leader} {place}.",
        "Bonjour. C’est un plaisir d’accueillir {leader} {place}.",
    ),
    (
        "{country} is a strong and reliable Ally. You spend {pct} of GDP on defence, and you lead by example on "
        "{topic}.",
        "{Country} est un Allié solide et fiable. Vous consacrez {pct} de votre PIB à la défense et vous "
        "montrez l’exemple dans {topic}.",
    ),
    (
        "Today we discussed {topic2}. We agreed that we need more capabilities, delivered faster.",
        "Aujourd’hui, nous avons parlé {de_topic2}. Nous sommes convenus qu’il nous faut davantage de "
        "capacités, livrées plus rapidement.",
    ),
    (
        "Let me be clear: NATO will do what it takes to protect every inch of Allied territory.",
        "Soyons clairs : l’OTAN fera ce qu’il faut pour protéger chaque parcelle du territoire allié.",
    ),
    (
        "We are also working with industry, because {count} new contracts are not enough if production lines "
        "stay slow.",
        "Nous travaillons aussi avec l’industrie, car {count} nouveaux contrats ne suffisent pas si les chaînes "
        "de production restent lentes.",
    ),
    (
        "So thank you again for your hospitality, and I look forward to our discussions in {year}.",
        "Je vous remercie donc encore de votre hospitalité, et je me réjouis de nos échanges en {year}.",
    ),
]
QUESTIONS = [
    (
        "Secretary General, what will Allies decide on {topic} this year?",
        "Monsieur le Secrétaire général, que décideront les Alliés cette année en matière {de_topic} ?",
    ),
    (
        "Is {country} ready to increase its contribution to {topic2}?",
        "{Country} est-elle prête à accroître sa contribution {a_topic2} ?",
    ),
]
ANSWERS = [
    (
        "Decisions are for all {count} Allies to take together, but I am confident we will make progress.",
        "Les décisions appartiennent à tous les Alliés ensemble, mais je suis convaincu{e} que nous "
        "progresserons.",
    ),
    (
        "What I can say is that the direction is clear, and the numbers are moving in the right direction.",
        "Ce que je peux dire, c’est que la direction est claire et que les chiffres évoluent dans le bon sens.",
    ),
]
MODERATOR_LINES = [
    (
        "We have time for a few questions. {outlet}, please.",
        "Nous avons le temps pour quelques questions. {outlet}, je vous en prie.",
    ),
    ("Thank you. This concludes the press point.", "Merci. Ce point de presse est terminé."),
]

ADVISORY_TITLES = [
    (
        "Media advisory: visit of the {role} of {country} to NATO",
        "Avis aux médias : visite {du_role} {de_country} à l’OTAN",
    ),
    (
        "Media advisory: NATO Secretary General to attend conference on {topic}",
        "Avis aux médias : {sg_short} de l’OTAN participera à une conférence sur {topic}",
    ),
]
ADVISORY_LEAD = (
    "On {date}, {sg} will meet with {leader} {place}.",
    "Le {date}, {sg} rencontrera {leader} {place}.",
)
ADVISORY_PROGRAMME = [
    ("10:{count} – Arrival of {leader_surname}", "10 h {count} – Arrivée de {leader_surname}"),
    ("11:00 – Joint press point", "11 h 00 – Point de presse conjoint"),
    (
        "12:15 – Working lunch on {topic2} (closed to media)",
        "12 h 15 – Déjeuner de travail sur {topic2} (à huis clos)",
    ),
]
ADVISORY_NOTES = [
    ("Media coverage", "Couverture médiatique"),
    (
        "Accredited journalists wishing to attend must register by {date} at noon and bring valid "
        "identification.",
        "Les journalistes accrédités qui souhaitent y assister doivent s’inscrire avant le {date} à midi et se "
        "munir d’une pièce d’identité valide.",
    ),
    (
        "The press point will be streamed live; {count} places are available in the press room.",
        "Le point de presse sera retransmis en direct ; {count} places sont disponibles dans la salle de "
        "presse.",
    ),
]

OFFICIAL_TITLES = [
    (
        "Statement by the North Atlantic Council on {topic}",
        "Déclaration du Conseil de l’Atlantique Nord sur {topic}",
    ),
    (
        "Final communiqué of the meeting of NATO Ministers of Defence",
        "Communiqué final de la réunion des ministres de la Défense des pays de l’OTAN",
    ),
    (
        "Joint declaration on {topic2} by NATO and {country}",
        "Déclaration conjointe de l’OTAN et {de_country} sur {topic2}",
    ),
]
OFFICIAL_PARAGRAPHS = [
    (
        "We, the Allies, met {place} on {date} to reaffirm our commitment to {topic}.",
        "Nous, les Alliés, nous sommes réunis {place} le {date} pour réaffirmer notre attachement {a_topic}.",
    ),
    (
        "We welcome the progress made since {year} and task the Council to report on further steps.",
        "Nous nous félicitons des progrès accomplis depuis {year} et chargeons le Conseil de rendre compte des "
        "prochaines étapes.",
    ),
    (
        "We will continue to consult closely with {country} and other partners on {topic2}.",
        "Nous continuerons de mener des consultations étroites avec {country} et d’autres partenaires sur "
        "{topic2}.",
    ),
    (
        "We are determined to meet our commitment to invest {pct} of GDP in defence.",
        "Nous sommes déterminés à honorer notre engagement d’investir {pct} du PIB dans la défense.",
    ),
    (
        "This declaration was adopted by all {count} signatories and enters into force immediately.",
        "La présente déclaration a été adoptée par l’ensemble des {count} signataires et prend effet "
        "immédiatement.",
    ),
]
OFFICIAL_HEADINGS = [
    ("Deterrence and defence", "Dissuasion et défense"),
    ("Partnerships", "Partenariats"),
    ("Capabilities", "Capacités"),
]

REFERENCE_PARAGRAPHS = [
    (
        "NATO’s work on {topic} helps Allies prepare for crises before they happen.",
        "Le travail de l’OTAN sur {topic} aide les Alliés à se préparer aux crises avant qu’elles ne "
        "surviennent.",
    ),
    (
        "Since {year}, Allies have worked with {count} partner countries in this area, including {country}.",
        "Depuis {year}, les Alliés travaillent avec {count} pays partenaires dans ce domaine, dont {country}.",
    ),
    (
        "Responsibility lies first with each nation; NATO supports national efforts with guidelines, training "
        "and exercises.",
        "La responsabilité incombe d’abord à chaque pays ; l’OTAN appuie les efforts nationaux par des lignes "
        "directrices, des formations et des exercices.",
    ),
    (
        "Policy is reviewed regularly by the North Atlantic Council and adapted to new threats such as those "
        "affecting {topic2}.",
        "La politique est réexaminée régulièrement par le Conseil de l’Atlantique Nord et adaptée aux nouvelles "
        "menaces, notamment celles qui touchent {topic2}.",
    ),
]
REFERENCE_HEADINGS = [
    ("Highlights", "Points saillants"),
    ("Background", "Contexte"),
    ("Working with partners", "Travail avec les partenaires"),
]

EVENT_TITLES = [
    (
        "Meeting of NATO Ministers of Foreign Affairs",
        "Réunion des ministres des Affaires étrangères des pays de l’OTAN",
    ),
    ("Meeting of NATO Ministers of Defence", "Réunion des ministres de la Défense des pays de l’OTAN"),
    ("NATO conference on {topic}", "Conférence de l’OTAN sur {topic}"),
]
EVENT_PARAGRAPHS = [
    (
        "Ministers will meet {place} to address {topic} and {topic2}.",
        "Les ministres se réuniront {place} pour examiner {topic} et {topic2}.",
    ),
    (
        "The programme includes sessions with {country} and other partners, followed by a press conference.",
        "Le programme comprend des séances avec {country} et d’autres partenaires, suivies d’une conférence de "
        "presse.",
    ),
    (
        "Transcripts, photos and videos will be published on this page as the meeting unfolds.",
        "Les transcriptions, photos et vidéos seront publiées sur cette page au fil de la réunion.",
    ),
]
EVENT_ITEMS = [
    ("Session on {topic}", "Séance consacrée {a_topic}"),
    ("Session on {topic2}", "Séance sur {topic2}"),
    ("Press conference by {sg}", "Conférence de presse {du_sg}"),
]

DESCRIPTIONS = {
    "news": ("{Sg_short} and {leader} discussed {topic}.", "{Sg_short} et {leader} ont discuté {de_topic}."),
    "transcript": ("Remarks on {topic} and {topic2}.", "Remarques sur {topic} et {topic2}."),
    "media-advisory": (
        "Programme and media arrangements for {date}.",
        "Programme et modalités pour les médias, le {date}.",
    ),
    "official-text": ("Text adopted {place} on {date}.", "Texte adopté {place} le {date}."),
    "page": ("What NATO does on {topic}, and why.", "Ce que fait l’OTAN en matière {de_topic}, et pourquoi."),
    "event": (
        "Overview of the meeting: {topic} and {topic2}.",
        "Présentation de la réunion : {topic} et {topic2}.",
    ),
}
