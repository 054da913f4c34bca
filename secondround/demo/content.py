"""The words of the demo organisation: people, jobs, rubrics, questions and evidence notes.

Kept apart from seed.py so that the seeding logic stays short enough to read.
"""

ORGANISATION = ("Acme Robotics", "acme-robotics")
DEMO_PASSWORD = "demo"
TIMEZONE = "Europe/Berlin"

# (e-mail, display name, title, roles). The first six are the stable demo accounts.
PEOPLE = [
    ("admin@demo.test", "Alex Admin", "Head of Talent", {"admin", "recruiter"}),
    ("hm@demo.test", "Hannah Meyer", "Director of Engineering", {"hiring_manager"}),
    ("ana@demo.test", "Ana Ruiz", "Staff Engineer", {"interviewer"}),
    ("ben@demo.test", "Ben Okafor", "Senior Engineer", {"interviewer"}),
    ("chen@demo.test", "Chen Li", "Engineering Manager", {"interviewer"}),
    ("vp@demo.test", "Valerie Park", "VP Engineering", {"approver"}),
    ("dee@demo.test", "Dee Patel", "Senior Product Designer", {"interviewer"}),
    ("raj@demo.test", "Raj Singh", "Principal Engineer", {"interviewer"}),
    ("cfo@demo.test", "Carla Fischer", "Chief Financial Officer", {"approver"}),
]

# Who the demo login screen and the CLI advertise (all have the password "demo").
DEMO_ACCOUNTS = [
    ("admin@demo.test", "admin and recruiter"),
    ("hm@demo.test", "hiring manager"),
    ("ana@demo.test", "interviewer (owns a blocking concern to probe next)"),
    ("ben@demo.test", "interviewer (rates harshly; has a draft scorecard)"),
    ("chen@demo.test", "interviewer (rates leniently)"),
    ("vp@demo.test", "approver (a decision waits for her)"),
]

# How each interviewer tends to rate, in scale points (a harsh rater is negative).
SEVERITY = {
    "ana@demo.test": 0.0,
    "ben@demo.test": -0.7,
    "chen@demo.test": 0.5,
    "dee@demo.test": 0.1,
    "raj@demo.test": -0.15,
}

# Behavioural anchors for the 1-4 scale: what earns each point.
ANCHORS = {
    "Collaboration": (
        "Works alone; dismisses or ignores others' input.",
        "Cooperates when asked, but rarely seeks other views.",
        "Seeks input, shares credit, and disagrees openly and kindly.",
        "Makes the people around them better; resolves conflict and builds shared plans.",
    ),
    "Ownership": (
        "Blames others or circumstances; drops work that gets hard.",
        "Finishes assigned work, but waits to be told about problems.",
        "Follows work through to the outcome and raises problems early.",
        "Takes responsibility beyond their remit, fixes root causes, and owns mistakes.",
    ),
    "Systems design": (
        "Cannot break the problem into components.",
        "Reasonable components, but misses failure modes or scale limits.",
        "Sound design with clear trade-offs, failure modes and capacity estimates.",
        "Elegant design; anticipates evolution and explains trade-offs with numbers.",
    ),
    "Coding": (
        "Code does not run or is hard to follow.",
        "Working code with gaps in structure, naming or tests.",
        "Clean, tested code; handles edge cases without prompting.",
        "Idiomatic, well-tested code; refactors as they go and explains each choice.",
    ),
    "Operational excellence": (
        "No experience running services in production.",
        "Has been on call, but handles incidents without a method.",
        "Uses monitoring, runbooks and postmortems to keep services healthy.",
        "Designs for operability from the start and improves the team's practice.",
    ),
    "Problem solving": (
        "Jumps to answers without understanding the problem.",
        "Reaches a solution with hints, with little structure.",
        "Structures the problem, checks assumptions and reaches a sound solution.",
        "Finds the simplest sound solution fast and generalises it.",
    ),
    "System design": (
        "Cannot sketch a data flow end to end.",
        "Sketches the flow, but misses consistency or failure handling.",
        "Designs a reliable pipeline with clear guarantees and trade-offs.",
        "Designs for scale, late data and reprocessing, and justifies each choice.",
    ),
    "Data modelling": (
        "Models mirror the source systems with no thought for use.",
        "Workable models, but awkward to query or change.",
        "Models fit the questions asked and handle history and change.",
        "Models are simple, documented and have served many teams over time.",
    ),
    "User research": (
        "Designs from opinion; no contact with users.",
        "Runs research when asked; findings stay loose.",
        "Plans research around decisions and turns findings into design changes.",
        "Builds a research practice that changes what the company builds.",
    ),
    "Interaction design": (
        "Screens are inconsistent and hard to use.",
        "Usable flows with rough edges in states and errors.",
        "Clear flows covering empty, error and edge states, with accessibility in mind.",
        "Simple, accessible flows that set patterns others reuse.",
    ),
    "Communication": (
        "Hard to follow; cannot explain design decisions.",
        "Explains decisions when asked, with some jargon.",
        "Tells a clear story from problem to decision to audiences of any background.",
        "Persuades sceptical stakeholders with evidence and plain words.",
    ),
    "People leadership": (
        "Has not managed people or avoids hard conversations.",
        "Manages the team's work, but coaches little.",
        "Coaches each person, gives direct feedback and grows the team.",
        "Builds leaders; team members grow into senior roles under them.",
    ),
    "Delivery": (
        "Projects slip without explanation.",
        "Delivers with heroics; plans are loose.",
        "Plans realistically, manages risk and delivers predictably.",
        "Delivers across teams and makes the organisation more predictable.",
    ),
    "Technical judgement": (
        "Defers every technical call or makes them alone.",
        "Makes sound calls on familiar ground only.",
        "Weighs options with the team and makes reversible calls quickly.",
        "Sets technical direction that the team understands and believes in.",
    ),
}

DESCRIPTIONS = {
    "Collaboration": "How the candidate works with others: seeking input, sharing credit.",
    "Ownership": "Following work through to its outcome, and owning mistakes.",
}

# Each job: title, department, description, competencies (name, kind, weight).
JOBS = {
    "platform": (
        "Platform Engineer",
        "Infrastructure",
        "Build and run the platform our robots' fleet software ships on.",
        [
            ("Systems design", "skill", 1.5),
            ("Coding", "skill", 1.0),
            ("Operational excellence", "skill", 1.0),
            ("Collaboration", "values", 1.0),
            ("Ownership", "values", 1.0),
        ],
    ),
    "data": (
        "Senior Data Engineer",
        "Data",
        "Own the pipelines that turn robot telemetry into the data our customers pay for.",
        [
            ("Problem solving", "skill", 1.5),
            ("System design", "skill", 1.5),
            ("Data modelling", "skill", 1.0),
            ("Collaboration", "values", 1.0),
            ("Ownership", "values", 1.0),
        ],
    ),
    "design": (
        "Product Designer",
        "Product",
        "Design the fleet console that operators use all day.",
        [
            ("User research", "skill", 1.0),
            ("Interaction design", "skill", 1.5),
            ("Communication", "skill", 1.0),
            ("Collaboration", "values", 1.0),
            ("Ownership", "values", 1.0),
        ],
    ),
    "manager": (
        "Engineering Manager",
        "Engineering",
        "Lead the eight-person team that builds robot navigation.",
        [
            ("People leadership", "skill", 1.5),
            ("Delivery", "skill", 1.0),
            ("Technical judgement", "skill", 1.0),
            ("Collaboration", "values", 1.0),
            ("Ownership", "values", 1.0),
        ],
    ),
}

ROUND_PURPOSE = {
    1: "A first conversation about the candidate's experience and core skills.",
    2: "Go deeper where round 1 left doubts, and see how the candidate works with the team.",
}

# The question bank: topic is a competency name or a concern type code.
QUESTIONS = {
    "Collaboration": [
        "Tell me about a time you disagreed with a teammate about an approach. What happened?",
        "Describe a project where you depended on another team. How did you keep it moving?",
        "When did you change your mind because of a colleague's input?",
    ],
    "Ownership": [
        "Tell me about a mistake of yours that reached production or a customer. What did you do?",
        "Describe work you picked up that nobody had asked you to do. Why did you take it on?",
        "When did you raise a problem early that others had not noticed yet?",
    ],
    "Systems design": [
        "Design a service that hands out map updates to 10,000 robots. Where does it break?",
        "Walk me through the design of a system you own. What would you change today?",
    ],
    "Coding": [
        "Walk me through the last piece of code you were proud of. How did you test it?",
        "Tell me about a refactoring you led. How did you keep it safe?",
    ],
    "Operational excellence": [
        "Tell me about the worst incident you were on call for. What changed afterwards?",
        "How do you decide what to alert on?",
    ],
    "Problem solving": [
        "Tell me about a problem whose first obvious answer was wrong. How did you find out?",
        "Describe a bug that took you more than a day to find. How did you narrow it down?",
    ],
    "System design": [
        "Walk me through a pipeline you ran in production that broke. What did you change?",
        "How would you handle telemetry that arrives three days late?",
        "Design the ingestion of 50,000 events per second from robots with flaky networks.",
    ],
    "Data modelling": [
        "Show me a data model you designed. How did it cope when requirements changed?",
        "How do you keep history in a model when the source overwrites records?",
    ],
    "User research": [
        "Tell me about research that changed what your team built.",
        "How do you decide between a survey, an interview and a usability test?",
    ],
    "Interaction design": [
        "Walk me through a flow you designed, including its error and empty states.",
        "How do you make a dense operator screen accessible?",
    ],
    "Communication": [
        "Tell me about a design decision you had to defend to a sceptical engineer.",
        "Explain one of your projects to me as if I were a new operator.",
    ],
    "People leadership": [
        "Tell me about someone on your team who grew a lot. What was your part in it?",
        "Describe the hardest feedback you had to give. How did you prepare?",
        "Tell me about a time you had to let someone go or move them off a team.",
    ],
    "Delivery": [
        "Tell me about a project that slipped. When did you know, and what did you do?",
        "How do you decide what your team does not do this quarter?",
    ],
    "Technical judgement": [
        "Tell me about a technical decision you reversed. How did you notice?",
        "How do you make a call when your senior engineers disagree?",
    ],
    "skill_gap": [
        "Walk me through the last time you used this skill on real work. What was hard?",
        "What would you do in your first month to close this gap?",
        "Who did you learn this from, and what did you build with it?",
    ],
    "motivation": [
        "What made you start looking for a new role now?",
        "What would make you want to stay in a job for three years?",
    ],
    "employment_gap": [
        "Tell me about the time between these two roles. What did you do and learn?",
        "How did you keep your skills current during that time?",
    ],
    "communication": [
        "Explain a complex piece of your work to me in two minutes.",
        "Tell me about a misunderstanding you caused at work. How did you repair it?",
    ],
    "other": [
        "Is there anything about your background you would like us to understand better?",
        "What question did you expect from us that we have not asked yet?",
    ],
}

# Evidence notes: a subject per competency, and a sentence per rating level.
SUBJECTS = {
    "Collaboration": ["a cross-team migration", "a disagreement over a design review"],
    "Ownership": ["an outage they caused", "a neglected on-call backlog"],
    "Systems design": ["the map-update service", "a rate limiter for the fleet API"],
    "Coding": ["the pairing exercise", "a refactoring they described"],
    "Operational excellence": ["an incident they led", "their alerting set-up"],
    "Problem solving": ["the deduplication exercise", "a slow-query investigation"],
    "System design": ["the telemetry ingestion design", "late-arriving data"],
    "Data modelling": ["the fleet-usage model", "history in a slowly changing table"],
    "User research": ["a usability study they ran", "their research plan"],
    "Interaction design": ["the alarm-triage flow", "error states in their portfolio"],
    "Communication": ["the portfolio walk-through", "explaining a design trade-off"],
    "People leadership": ["coaching an underperformer", "growing a senior engineer"],
    "Delivery": ["a project that slipped", "quarterly planning"],
    "Technical judgement": ["a build-versus-buy call", "reversing a framework choice"],
}

EVIDENCE = {
    1: [
        "On {s}: could not give a concrete example even after two follow-ups.",
        "On {s}: answers stayed general; no sign of hands-on experience.",
    ],
    2: [
        "On {s}: a workable answer, but needed hints and missed the main risk.",
        "On {s}: some real experience, thin on the reasons behind the choices.",
    ],
    3: [
        "On {s}: clear, specific example with sensible trade-offs.",
        "On {s}: solid answer; named the risks and how they checked them.",
    ],
    4: [
        "On {s}: outstanding; concrete numbers, alternatives weighed, lessons drawn.",
        "On {s}: best answer I have heard this year; taught me something.",
    ],
}


# --- The hiring loops -----------------------------------------------------------------

# Candidates per job: (name, standing in scale points, stage, round-1 days ago, panel size).
CANDIDATES = {
    "platform": [
        ("Omar Haddad", 0.4, "round_2", 16, 3),
        ("Lena Vogel", 0.1, "round_1", 14, 3),
        ("Kwame Mensah", 0.6, "round_2", 12, 3),
        ("Sara Lindqvist", -0.5, "rejected", 11, 3),
        ("Jonas Weber", -0.2, "round_1", 9, 3),
        ("Aiko Tanaka", 0.3, "round_1", 8, 3),
    ],
    "data": [
        ("Dana Kim", 0.8, "finalist", 24, 3),
        ("Luis Ortega", 0.55, "finalist", 23, 3),
        ("Mei Chen", 0.45, "finalist", 22, 3),
        ("Tom Reyes", -0.3, "rejected", 25, 3),
        ("Nadia Petrova", 0.0, "rejected", 23, 3),
        ("Ivan Horvat", -0.6, "rejected", 21, 2),
        ("Grace Obi", 0.1, "rejected", 20, 3),
        ("Pedro Alves", -0.4, "rejected", 19, 2),
    ],
    "design": [
        ("Sofia Alvarez", 0.7, "round_2", 30, 3),
        ("Marco Rossi", 0.35, "round_2", 29, 3),
        ("Julia Nowak", 0.0, "rejected", 28, 2),
        ("Ethan Brooks", -0.4, "rejected", 27, 2),
        ("Amara Eze", 0.2, "rejected", 26, 3),
        ("Lucas Martin", -0.7, "rejected", 25, 2),
    ],
    "manager": [
        ("Tomás Silva", 0.7, "round_2", 50, 3),
        ("Rachel Adler", -0.1, "rejected", 49, 2),
        ("Yusuf Demir", 0.4, "round_2", 48, 3),
        ("Hanna Berg", -0.5, "rejected", 47, 2),
        ("Olivia Grant", 0.0, "rejected", 46, 2),
    ],
}

# How many times a candidate at each stage was advanced (from "applied"); past the last
# round, an advance makes a finalist. Rejected candidates were turned down after round 1.
ADVANCES = {"applied": 0, "round_1": 1, "round_2": 2, "finalist": 3, "rejected": 1}
# Reasons (and notes) given to the rejected candidates, in turn.
REJECTIONS = [
    ("skills", "Round 1 showed gaps in the core skills of the role."),
    ("experience", "Promising, but the role needs more years of hands-on work."),
    ("stronger", "Solid loop; others went further on the competencies that matter most."),
    ("ways_of_working", "Preferred working alone; the role is pairing-heavy."),
]

# Round panels by e-mail prefix; round 1 interviews draw from the first panel in order.
# The engine takes one rating per candidate, interviewer and competency, so nobody meets
# the same candidate in both rounds.
PANELS = {
    "platform": (["ana", "ben", "raj"], ["chen", "dee"]),
    "data": (["ben", "raj", "dee"], ["ana", "chen"]),
    "design": (["dee", "chen", "ana"], ["raj", "ben"]),
    "manager": (["raj", "chen", "dee"], ["ana", "ben"]),
}
ROUND_2_DAYS_AGO = {"design": 12, "manager": 38}
# A scorecard's recommendation follows its mean rating.
RECOMMENDATION_FLOORS = [(3.4, "strong_yes"), (2.6, "yes"), (1.8, "no"), (0, "strong_no")]

# Someone invited but not signed up yet, so that the Team page shows a pending invitation.
INVITED = ("noor@demo.test", "Noor Haddad", "Senior Engineer", {"interviewer"})
