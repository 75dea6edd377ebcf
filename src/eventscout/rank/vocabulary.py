"""The topic vocabulary: which words mean the same thing, and which topics sit inside which.

An interest in ``machine learning`` should find "ML", "PyTorch" and "deep learning" events, and
see a general "AI" event as somewhat relevant. The vocabulary holds that knowledge as entries of
*synonyms* (same thing, full weight) and *narrower* terms (a part of it: found at
:data:`NARROWER_FACTOR` per level, two levels deep); a term's *broader* terms are derived by
inverting ``narrower`` and count :data:`BROADER_FACTOR`.

Users extend it from their profile (``[profile.vocabulary] genai = ["generative ai", "llm"]``):
each listed phrase counts as a synonym of the term. See ``docs/ranking.md``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from types import MappingProxyType

from attrs import frozen

__all__ = [
    "BROADER_FACTOR",
    "DEFAULT_VOCABULARY",
    "GENERIC_TERMS",
    "NARROWER_FACTOR",
    "PART_FACTOR",
    "Vocabulary",
]

NARROWER_FACTOR = 0.8
BROADER_FACTOR = 0.35
#: what a known part of an unknown multi-word interest counts ("kafka" of "kafka streams")
PART_FACTOR = 0.8

#: umbrella terms (confs.tech files are named after some): they may show a narrower interest
#: only as "related", and a part of a multi-word interest that is one of them is not used alone
GENERIC_TERMS = frozenset({
    "data", "general", "devops", "web", "cloud", "ai", "mobile", "backend", "frontend",
    "design", "product", "networking", "performance", "career", "opensource", "open source",
    "engineering", "development", "software", "tech", "technology", "management",
})

#: words that qualify a product name without changing it ("apache kafka" is kafka)
_QUALIFIERS = frozenset({"apache", "google", "microsoft", "amazon", "the", "open", "source"})

#: term: (synonyms, narrower terms). Written from what the field calls things, not from test data.
DEFAULT_VOCABULARY: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "ai": (("artificial intelligence",),
           ("machine learning", "generative ai", "nlp", "computer vision", "ai engineering",
            "ai agents")),
    "ai agents": (("agentic ai", "agentic", "agents", "ai agent"), ()),
    "machine learning": (("ml", "mlconf"),
                         ("deep learning", "mlops", "pytorch", "tensorflow", "neural networks",
                          "reinforcement learning")),
    "deep learning": (("neural networks",), ("pytorch", "tensorflow", "transformers")),
    "generative ai": (("genai", "gen ai"), ("llm", "large language models", "prompt engineering")),
    "llm": (("llms", "large language models"), ("rag",)),
    "nlp": (("natural language processing", "computational linguistics", "acl"), ()),
    "computer vision": (("cvpr", "iccv", "eccv"), ()),
    "data": ((), ("data science", "analytics", "big data", "databases", "data engineering")),
    "data engineering": (("data engineer", "data engineers", "data pipelines", "etl", "elt",
                          "data platform", "data platforms", "dataops", "berlin buzzwords",
                          "data council", "crunch conf", "dataengconf", "big data london"),
                         ("kafka", "spark", "airflow", "dbt", "data lake", "data warehouse",
                          "stream processing", "flink", "big data", "data streaming")),
    "flink": (("apache flink", "flink forward"), ()),
    "airflow": (("apache airflow", "airflow summit"), ()),
    "dbt": (("coalesce",), ()),
    "data science": (("data scientist", "pydata"),
                     ("machine learning", "statistics", "analytics", "data visualization")),
    "analytics": (("data analytics", "business intelligence", "bi"), ("data visualization",)),
    "big data": ((), ("spark", "hadoop", "kafka", "data lake")),
    "kafka": (("apache kafka", "kafka summit", "confluent"), ()),
    "spark": (("apache spark", "spark summit"), ()),
    "databases": (("database", "db"), ("sql", "nosql", "mongodb", "redis")),
    "sql": (("structured query language",),
            ("postgres", "postgresql", "pgday", "pgconf", "mysql", "mariadb", "sqlite",
             "sql server", "bigquery", "snowflake")),
    "python": (("py", "pycon", "pydata", "pyday"), ("django", "flask", "fastapi", "pandas")),
    "javascript": (("js", "ecmascript", "jsconf", "jsday", "jsnation", "cityjs"),
                   ("node", "nodejs", "node js", "react", "vue", "vuejs", "angular", "svelte",
                    "ember", "typescript", "nodeconf", "reactconf", "vueconf", "nextjs",
                    "deno")),
    "typescript": (("ts", "tsconf"), ()),
    "react": (("reactjs", "react js", "react native"), ("nextjs",)),
    "frontend": (("front end", "front-end", "web development", "webdev"),
                 ("javascript", "css", "html", "react", "vue", "angular", "web performance",
                  "accessibility")),
    "css": (("stylesheets", "cssconf", "css day"), ("sass",)),
    "web": (("www", "web platform"), ("frontend", "javascript", "css", "html", "webassembly")),
    "backend": (("back end", "back-end", "server side"),
                ("api", "databases", "microservices", "distributed systems", "java", "go",
                 "python", "node", "php", "ruby", "rust", "dotnet", "scala", "elixir")),
    "api": (("apis", "api design", "rest", "openapi"), ("graphql", "grpc")),
    "graphql": (("graphql conf",), ()),
    "java": (("jvm", "jug", "devoxx", "jfokus", "javaland", "jax", "jchampions", "javazone",
              "jspring", "jfall", "jconf", "javaone", "jcon", "jdd", "geecon", "jprime",
              "jbcnconf", "javacro", "jokerconf"), ("spring", "kotlin", "scala", "groovy",
                                                         "clojure")),
    "kotlin": (("kotlinconf", "kotlin multiplatform"), ()),
    "scala": (("scaladays", "scala days", "scalar"), ()),
    "clojure": (("clojurescript", "clojure conj", "conj", "clojured"), ()),
    "groovy": (("grails", "gr8conf"), ()),
    "go": (("golang", "gophercon", "gophers", "gopher"), ()),
    "rust": (("rustconf", "rustlang", "rustfest", "rustnation", "oxidize", "eurorust"), ()),
    "ruby": (("rubyconf", "rails", "ruby on rails", "railsconf", "rubyday", "euruko",
              "rubykaigi"), ()),
    "php": (("phpconf", "laravel", "laracon", "symfony", "symfonycon", "wordpress", "wordcamp",
             "drupal", "drupalcon", "phptek", "phpday", "phpcon"), ()),
    "dotnet": ((".net", "net", "csharp", "c#", "f#", "ndc", "dotnetconf", "dotnetdays", "azure"),
               ()),
    "cpp": (("c++", "cppcon", "cpp con", "meeting c++", "cppnow", "cppnorth", "accu",
             "c plus plus"), ()),
    "elixir": (("elixirconf", "erlang", "beam", "codebeam", "code beam"), ()),
    "cfml": (("coldfusion", "into the box"), ()),
    "mobile": (("mobile development",), ("ios", "android", "flutter", "react native")),
    "ios": (("swift", "swiftui", "iosconf", "apple", "swiftconf", "appdevcon", "cocoa"), ()),
    "android": (("droidcon", "android makers", "androidmakers", "jetpack compose"), ("kotlin",)),
    "flutter": (("dart", "fluttercon"), ()),
    "devops": (("devopsdays", "devops days", "devopscon", "ci cd", "continuous delivery",
                "platform engineering"),
               ("kubernetes", "cloud native", "docker", "terraform", "infrastructure as code",
                "sre", "observability", "gitops")),
    "cloud native": (("cloudnative", "cncf", "kubecon"), ("kubernetes", "containers",
                                                         "serverless", "service mesh")),
    "kubernetes": (("k8s", "kube"), ()),
    "cloud": (("cloud computing",), ("aws", "azure", "gcp", "cloud native", "serverless")),
    "aws": (("amazon web services", "reinvent", "aws summit", "aws community day"), ()),
    "sre": (("site reliability engineering", "site reliability", "srecon", "reliability"),
            ("observability", "incident response", "chaos engineering", "monitoring")),
    "observability": (("o11y", "monitoring", "opentelemetry"), ()),
    "performance": (("web performance", "perfnow", "perf", "scalability"),
                    ("load testing",)),
    "security": (("cybersecurity", "cyber security", "infosec", "appsec", "application security",
                  "bsides", "owasp", "defcon", "def con", "black hat", "blackhat",
                  "hacking", "hacker", "cyber", "secure", "devsecops", "pentest",
                  # security conference series (curated from the series' own descriptions)
                  "nullcon", "hardwear io", "hack in paris", "le hack", "hexacon",
                  "offensivecon", "troopers", "hack lu", "insomni hack", "sstic", "botconf",
                  "hitb", "hack in the box", "rsac", "rsa conference", "infosecurity europe",
                  "x33fcon", "ekoparty", "shmoocon", "derbycon", "thotcon", "nsec"),
                 ("identity", "privacy", "cryptography", "threat intelligence", "malware",
                  "incident response", "zero trust", "ctf", "confidential computing",
                  "hardware security", "reverse engineering")),
    "identity": (("identiverse", "iam", "identity and access management", "authentication",
                  "oauth", "openid", "digital identity"), ()),
    "privacy": (("data protection", "gdpr"), ()),
    "testing": (("test", "qa", "quality assurance", "software testing", "test automation",
                 "testbash", "selenium", "agile testing", "tester"), ("performance testing",)),
    "accessibility": (("a11y", "inclusive design", "axe", "id24", "wcag"), ()),
    "ux": (("user experience", "ux design", "uxdx", "usability", "interaction design",
            "ux research", "user research"),
           ("ui", "product design", "service design", "design systems", "accessibility")),
    "design": (("designers", "ui design", "visual design"),
               ("ux", "product design", "design systems", "graphic design", "figma", "typography")),
    "ui": (("user interface", "ui design"), ("design systems",)),
    "product": (("product management", "product manager", "productcon", "mind the product",
                 "product owner"), ("product design",)),
    "leadership": (("engineering management", "engineering manager", "leaddev", "lead dev",
                    "tech lead", "cto", "management", "leaders", "managers"),
                   ("team building", "hiring", "culture")),
    "agile": (("scrum", "kanban", "lean"), ()),
    "opensource": (("open source", "oss", "foss", "fosdem", "floss", "linux"), ()),
    "iot": (("internet of things", "embedded", "hardware", "thingsconf"), ()),
    "networking": (("network engineering", "nanog", "ripe", "internet", "sdn", "bgp",
                    "network"), ()),
    "tech-comm": (("technical writing", "documentation", "docs", "write the docs",
                   "writethedocs", "technical communication", "tech comm"), ()),
    "blockchain": (("web3", "crypto", "ethereum", "ethcc"), ()),
    "game development": (("gamedev", "game dev", "games", "gdc"), ()),
    "career": (("careers", "jobs", "career fair", "job fair", "hiring"), ()),
    # what confs.tech files as "general" and the developer events that go by that name: one
    # conference over many programming topics, so only weakly ("related") on any one of them.
    # QCon and InfoQ's Dev Summits name themselves "International Software Development
    # Conference" / "Software Conference" and run tracks from architecture to devops and leading
    # teams (confs.tech files them under general, devops, leadership, performance...)
    "software development": (("general", "developer conference", "developers conference",
                              "developer summit", "developers summit", "developer days",
                              "devdays", "devfest", "devworld", "wearedevelopers", "qcon",
                              "infoq"),
                             ("backend", "frontend", "web", "mobile", "devops", "testing",
                              "python", "javascript", "java", "go", "rust", "ruby", "php",
                              "dotnet", "cpp", "elixir", "api", "opensource")),
})


@frozen
class _Entry:
    synonyms: tuple[str, ...]
    narrower: tuple[str, ...]


class Vocabulary:
    """Expands an interest into the phrases that show it, each with how much it counts."""

    def __init__(
        self,
        entries: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = DEFAULT_VOCABULARY,
        user: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        tables = tuple((term, tuple(synonyms), tuple(narrower))
                       for term, (synonyms, narrower) in entries.items())
        users = tuple((term, tuple(related)) for term, related in (user or {}).items())
        #: the same for vocabularies of one class made from equal tables, whatever their types
        #: (what caches of expansions key on; the default table is read-only)
        self.key: Hashable = (type(self), "default" if entries is DEFAULT_VOCABULARY else tables,
                              users)
        self._entries: dict[str, _Entry] = {}
        for term, synonyms, narrower in tables:
            self._entries[term] = _Entry(synonyms, narrower)
        for term, related in users:
            old = self._entries.get(term, _Entry((), ()))
            self._entries[term] = _Entry(old.synonyms + related, old.narrower)
        self._canonical: dict[str, str] = {}
        for term, entry in self._entries.items():
            for synonym in entry.synonyms:
                self._canonical.setdefault(synonym, term)
        for term in self._entries:
            self._canonical[term] = term
        self._broader: dict[str, list[str]] = {}
        for term, entry in self._entries.items():
            for child in entry.narrower:
                self._broader.setdefault(self.canonical(child), []).append(term)

    def knows(self, term: str) -> bool:
        """Whether ``term`` is an entry, a synonym or a narrower term of the vocabulary."""
        term = term.casefold().strip()
        return term in self._canonical or term in self._broader

    def phrases(self) -> list[str]:
        """Every phrase the vocabulary holds (for near matches of unknown interests)."""
        found = set(self._canonical) | set(self._broader)
        return sorted(found)

    def canonical(self, term: str) -> str:
        """The entry a term belongs to ("k8s" → "kubernetes"); the term itself when unknown."""
        return self._canonical.get(term, term)

    def _same(self, term: str) -> set[str]:
        entry = self._entries.get(term)
        return {term, *(entry.synonyms if entry else ())}

    def expand(self, interest: str) -> dict[str, float]:
        """Every phrase that shows ``interest``, with its factor: the term and its synonyms 1,
        narrower terms :data:`NARROWER_FACTOR` per level (two levels), broader ones
        :data:`BROADER_FACTOR`."""
        term = self.canonical(interest.casefold().strip())
        found: dict[str, float] = {}

        def add(phrases: set[str], factor: float) -> None:
            for phrase in phrases:
                if found.get(phrase, 0.0) < factor:
                    found[phrase] = factor

        add({interest.casefold().strip()} | self._same(term), 1.0)
        words = term.split()
        if len(words) > 1 and term not in self._entries:
            # an unknown multi-word interest: its known, specific parts stand for it
            core = [word for word in words if word not in _QUALIFIERS]
            if core and len(core) < len(words):
                add(self._same(self.canonical(" ".join(core))), 1.0)
            for word in core:
                if word not in GENERIC_TERMS and self.knows(word):
                    add(self._same(self.canonical(word)), PART_FACTOR)
        level = [term]
        factor = 1.0
        for _depth in range(2):
            factor *= NARROWER_FACTOR
            children: list[str] = []
            for parent in level:
                entry = self._entries.get(parent)
                for child in entry.narrower if entry else ():
                    canonical = self.canonical(child)
                    if canonical != child:
                        # a synonym of another entry ("react native" of react) stands only for
                        # itself here: mobile must not pull in every React event
                        add({child}, factor)
                        continue
                    add(self._same(canonical), factor)
                    children.append(canonical)
            level = children
        for parent in self._broader.get(term, ()):
            add(self._same(parent), BROADER_FACTOR)
            for grandparent in self._broader.get(parent, ()):
                add(self._same(grandparent), BROADER_FACTOR * BROADER_FACTOR)
        return found
