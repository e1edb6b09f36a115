package contributions

// Kind is one way to contribute: an all-contributors type (keyed as in its
// emoji key, e.g. "code") or a CRediT role (keyed by a slug of its name).
type Kind struct {
	Key    string
	Label  string
	Emoji  string // all-contributors only
	CRediT bool
}

// AllContributors are the 33 types of the all-contributors specification.
var AllContributors = []Kind{
	{Key: "a11y", Label: "Accessibility", Emoji: "♿️"},
	{Key: "audio", Label: "Audio", Emoji: "🔊"},
	{Key: "blog", Label: "Blogposts", Emoji: "📝"},
	{Key: "bug", Label: "Bug reports", Emoji: "🐛"},
	{Key: "business", Label: "Business development", Emoji: "💼"},
	{Key: "code", Label: "Code", Emoji: "💻"},
	{Key: "content", Label: "Content", Emoji: "🖋"},
	{Key: "data", Label: "Data", Emoji: "🔣"},
	{Key: "design", Label: "Design", Emoji: "🎨"},
	{Key: "doc", Label: "Documentation", Emoji: "📖"},
	{Key: "eventOrganizing", Label: "Event organizing", Emoji: "📋"},
	{Key: "example", Label: "Examples", Emoji: "💡"},
	{Key: "financial", Label: "Financial support", Emoji: "💵"},
	{Key: "fundingFinding", Label: "Funding finding", Emoji: "🔍"},
	{Key: "ideas", Label: "Ideas, planning and feedback", Emoji: "🤔"},
	{Key: "infra", Label: "Infrastructure", Emoji: "🚇"},
	{Key: "maintenance", Label: "Maintenance", Emoji: "🚧"},
	{Key: "mentoring", Label: "Mentoring", Emoji: "🧑‍🏫"},
	{Key: "platform", Label: "Packaging and porting", Emoji: "📦"},
	{Key: "plugin", Label: "Plugin or utility libraries", Emoji: "🔌"},
	{Key: "projectManagement", Label: "Project management", Emoji: "📆"},
	{Key: "promotion", Label: "Promotion", Emoji: "📣"},
	{Key: "question", Label: "Answering questions", Emoji: "💬"},
	{Key: "research", Label: "Research", Emoji: "🔬"},
	{Key: "review", Label: "Reviewed pull requests", Emoji: "👀"},
	{Key: "security", Label: "Security", Emoji: "🛡️"},
	{Key: "talk", Label: "Talks", Emoji: "📢"},
	{Key: "test", Label: "Tests", Emoji: "⚠️"},
	{Key: "tool", Label: "Tools", Emoji: "🔧"},
	{Key: "translation", Label: "Translation", Emoji: "🌍"},
	{Key: "tutorial", Label: "Tutorials", Emoji: "✅"},
	{Key: "userTesting", Label: "User testing", Emoji: "📓"},
	{Key: "video", Label: "Videos", Emoji: "📹"},
}

// CRediTRoles are the 14 roles of the CRediT taxonomy.
var CRediTRoles = []Kind{
	{Key: "conceptualization", Label: "Conceptualization", CRediT: true},
	{Key: "data-curation", Label: "Data curation", CRediT: true},
	{Key: "formal-analysis", Label: "Formal analysis", CRediT: true},
	{Key: "funding-acquisition", Label: "Funding acquisition", CRediT: true},
	{Key: "investigation", Label: "Investigation", CRediT: true},
	{Key: "methodology", Label: "Methodology", CRediT: true},
	{Key: "project-administration", Label: "Project administration", CRediT: true},
	{Key: "resources", Label: "Resources", CRediT: true},
	{Key: "software", Label: "Software", CRediT: true},
	{Key: "supervision", Label: "Supervision", CRediT: true},
	{Key: "validation", Label: "Validation", CRediT: true},
	{Key: "visualization", Label: "Visualization", CRediT: true},
	{Key: "writing-original-draft", Label: "Writing – original draft", CRediT: true},
	{Key: "writing-review-editing", Label: "Writing – review & editing", CRediT: true},
}
