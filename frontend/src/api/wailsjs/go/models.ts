export namespace app {
	
	export class About {
	    name: string;
	    version: string;
	    goVersion: string;
	    dataDir: string;
	
	    static createFrom(source: any = {}) {
	        return new About(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.version = source["version"];
	        this.goVersion = source["goVersion"];
	        this.dataDir = source["dataDir"];
	    }
	}
	export class CloseForm {
	    outcome: string;
	    review: string;
	    validates: string;
	
	    static createFrom(source: any = {}) {
	        return new CloseForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.outcome = source["outcome"];
	        this.review = source["review"];
	        this.validates = source["validates"];
	    }
	}
	export class ContributionForm {
	    type: string;
	    part: string;
	    step: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new ContributionForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.part = source["part"];
	        this.step = source["step"];
	        this.note = source["note"];
	    }
	}
	export class HomeView {
	    home: workspace.Home;
	    me: string;
	
	    static createFrom(source: any = {}) {
	        return new HomeView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.home = this.convertValues(source["home"], workspace.Home);
	        this.me = source["me"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Info {
	    workspaceId: string;
	    workspaceName: string;
	    memberName: string;
	    publicKey: string;
	    keyFingerprint: string;
	    replicaId: string;
	    createdAt: string;
	    dataDir: string;
	
	    static createFrom(source: any = {}) {
	        return new Info(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.workspaceName = source["workspaceName"];
	        this.memberName = source["memberName"];
	        this.publicKey = source["publicKey"];
	        this.keyFingerprint = source["keyFingerprint"];
	        this.replicaId = source["replicaId"];
	        this.createdAt = source["createdAt"];
	        this.dataDir = source["dataDir"];
	    }
	}
	export class JoinRequest {
	    url: string;
	    name: string;
	    method: string;
	    user: string;
	    keyFile: string;
	    secret: string;
	    device: boolean;
	
	    static createFrom(source: any = {}) {
	        return new JoinRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.name = source["name"];
	        this.method = source["method"];
	        this.user = source["user"];
	        this.keyFile = source["keyFile"];
	        this.secret = source["secret"];
	        this.device = source["device"];
	    }
	}
	export class JoinResult {
	    info: Info;
	    ask: string;
	    keyring?: string;
	
	    static createFrom(source: any = {}) {
	        return new JoinResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.info = this.convertValues(source["info"], Info);
	        this.ask = source["ask"];
	        this.keyring = source["keyring"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Kind {
	    key: string;
	    label: string;
	    emoji: string;
	    credit: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Kind(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.emoji = source["emoji"];
	        this.credit = source["credit"];
	    }
	}
	export class LastSyncView {
	    at: string;
	    summary: workspace.SyncSummary;
	
	    static createFrom(source: any = {}) {
	        return new LastSyncView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.summary = this.convertValues(source["summary"], workspace.SyncSummary);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MeView {
	    key: string;
	    may: workspace.MemberMay;
	
	    static createFrom(source: any = {}) {
	        return new MeView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.may = this.convertValues(source["may"], workspace.MemberMay);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PartEdit {
	    brief?: string;
	    kind?: string;
	    mode?: string;
	    owner?: string;
	    writers?: string[];
	
	    static createFrom(source: any = {}) {
	        return new PartEdit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.brief = source["brief"];
	        this.kind = source["kind"];
	        this.mode = source["mode"];
	        this.owner = source["owner"];
	        this.writers = source["writers"];
	    }
	}
	export class PartForm {
	    title: string;
	    brief: string;
	    kind: string;
	    mode: string;
	    owner: string;
	    writers: string[];
	
	    static createFrom(source: any = {}) {
	        return new PartForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.brief = source["brief"];
	        this.kind = source["kind"];
	        this.mode = source["mode"];
	        this.owner = source["owner"];
	        this.writers = source["writers"];
	    }
	}
	export class ProposalForm {
	    title: string;
	    description: string;
	    method: string;
	    options: string[];
	    closes: string;
	    quorum: number;
	
	    static createFrom(source: any = {}) {
	        return new ProposalForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.description = source["description"];
	        this.method = source["method"];
	        this.options = source["options"];
	        this.closes = source["closes"];
	        this.quorum = source["quorum"];
	    }
	}
	export class RemoteView {
	    url: string;
	    method?: string;
	    user?: string;
	    keyFile?: string;
	    knownHosts?: string;
	    keyringAvailable: boolean;
	    autoSyncMinutes: number;
	
	    static createFrom(source: any = {}) {
	        return new RemoteView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.method = source["method"];
	        this.user = source["user"];
	        this.keyFile = source["keyFile"];
	        this.knownHosts = source["knownHosts"];
	        this.keyringAvailable = source["keyringAvailable"];
	        this.autoSyncMinutes = source["autoSyncMinutes"];
	    }
	}
	export class RoleForm {
	    name: string;
	    who: string;
	    when: string;
	    how: string;
	    can: string[];
	
	    static createFrom(source: any = {}) {
	        return new RoleForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.who = source["who"];
	        this.when = source["when"];
	        this.how = source["how"];
	        this.can = source["can"];
	    }
	}
	export class Status {
	    state: string;
	    message: string;
	    dataDir: string;
	    info?: Info;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.message = source["message"];
	        this.dataDir = source["dataDir"];
	        this.info = this.convertValues(source["info"], Info);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class StepEdit {
	    title?: string;
	    description?: string;
	    start?: string;
	    due?: string;
	    owner?: string;
	    status?: string;
	    after?: string[];
	    parts?: string[];
	    milestone?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new StepEdit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.description = source["description"];
	        this.start = source["start"];
	        this.due = source["due"];
	        this.owner = source["owner"];
	        this.status = source["status"];
	        this.after = source["after"];
	        this.parts = source["parts"];
	        this.milestone = source["milestone"];
	    }
	}
	export class StepForm {
	    title: string;
	    description: string;
	    start: string;
	    due: string;
	    owner: string;
	    after: string[];
	    parts: string[];
	    milestone: boolean;
	
	    static createFrom(source: any = {}) {
	        return new StepForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.description = source["description"];
	        this.start = source["start"];
	        this.due = source["due"];
	        this.owner = source["owner"];
	        this.after = source["after"];
	        this.parts = source["parts"];
	        this.milestone = source["milestone"];
	    }
	}

}

export namespace canvas {
	
	export class Question {
	    ID: string;
	    Text: string;
	
	    static createFrom(source: any = {}) {
	        return new Question(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ID = source["ID"];
	        this.Text = source["Text"];
	    }
	}

}

export namespace decisions {
	
	export class Closing {
	    outcome: string;
	    review?: string;
	    validatesStep?: string;
	    validatesPart?: string;
	    by: string;
	    counted?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Closing(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.outcome = source["outcome"];
	        this.review = source["review"];
	        this.validatesStep = source["validatesStep"];
	        this.validatesPart = source["validatesPart"];
	        this.by = source["by"];
	        this.counted = source["counted"];
	    }
	}
	export class Tally {
	    Voters: number;
	    QuorumMet: boolean;
	    Counts: Record<string, number>;
	    Averages: Record<string, number>;
	    Objections: number;
	
	    static createFrom(source: any = {}) {
	        return new Tally(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Voters = source["Voters"];
	        this.QuorumMet = source["QuorumMet"];
	        this.Counts = source["Counts"];
	        this.Averages = source["Averages"];
	        this.Objections = source["Objections"];
	    }
	}

}

export namespace deliverable {
	
	export class May {
	    write: boolean;
	    suggest: boolean;
	    review: boolean;
	    changeSettings: boolean;
	
	    static createFrom(source: any = {}) {
	        return new May(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.write = source["write"];
	        this.suggest = source["suggest"];
	        this.review = source["review"];
	        this.changeSettings = source["changeSettings"];
	    }
	}

}

export namespace workspace {
	
	export class ActivityEntry {
	    id: string;
	    // Go type: time
	    at: any;
	    member: string;
	    name: string;
	    area: string;
	    text: string;
	    target?: string;
	
	    static createFrom(source: any = {}) {
	        return new ActivityEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = this.convertValues(source["at"], null);
	        this.member = source["member"];
	        this.name = source["name"];
	        this.area = source["area"];
	        this.text = source["text"];
	        this.target = source["target"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ActivityFilter {
	    Member: string;
	    Area: string;
	    Since: string;
	    Until: string;
	    Limit: number;
	
	    static createFrom(source: any = {}) {
	        return new ActivityFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Member = source["Member"];
	        this.Area = source["Area"];
	        this.Since = source["Since"];
	        this.Until = source["Until"];
	        this.Limit = source["Limit"];
	    }
	}
	export class Answer {
	    question: string;
	    member: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Answer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.question = source["question"];
	        this.member = source["member"];
	        this.text = source["text"];
	    }
	}
	export class ExchangeItem {
	    item: string;
	    side: string;
	    member: string;
	    text: string;
	    part?: string;
	    step?: string;
	    matchedBy?: string;
	
	    static createFrom(source: any = {}) {
	        return new ExchangeItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.item = source["item"];
	        this.side = source["side"];
	        this.member = source["member"];
	        this.text = source["text"];
	        this.part = source["part"];
	        this.step = source["step"];
	        this.matchedBy = source["matchedBy"];
	    }
	}
	export class Canvas {
	    questions: canvas.Question[];
	    answers: Answer[];
	    exchange: ExchangeItem[];
	
	    static createFrom(source: any = {}) {
	        return new Canvas(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.questions = this.convertValues(source["questions"], canvas.Question);
	        this.answers = this.convertValues(source["answers"], Answer);
	        this.exchange = this.convertValues(source["exchange"], ExchangeItem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Change {
	    id: string;
	    member: string;
	    name: string;
	    area: string;
	    what: string;
	    kind: string;
	    reason: string;
	    next: string;
	    action: string;
	    // Go type: time
	    at: any;
	
	    static createFrom(source: any = {}) {
	        return new Change(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.member = source["member"];
	        this.name = source["name"];
	        this.area = source["area"];
	        this.what = source["what"];
	        this.kind = source["kind"];
	        this.reason = source["reason"];
	        this.next = source["next"];
	        this.action = source["action"];
	        this.at = this.convertValues(source["at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Comment {
	    id: string;
	    author: string;
	    body: string;
	    at: number;
	
	    static createFrom(source: any = {}) {
	        return new Comment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.author = source["author"];
	        this.body = source["body"];
	        this.at = source["at"];
	    }
	}
	export class ConflictSide {
	    revision: string;
	    author: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new ConflictSide(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.revision = source["revision"];
	        this.author = source["author"];
	        this.text = source["text"];
	    }
	}
	export class Conflict {
	    base: string;
	    sides: ConflictSide[];
	
	    static createFrom(source: any = {}) {
	        return new Conflict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.base = source["base"];
	        this.sides = this.convertValues(source["sides"], ConflictSide);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Contribution {
	    id: string;
	    member: string;
	    type: string;
	    part?: string;
	    step?: string;
	    note: string;
	    status: string;
	    reviewNote?: string;
	    reviewedBy?: string;
	
	    static createFrom(source: any = {}) {
	        return new Contribution(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.member = source["member"];
	        this.type = source["type"];
	        this.part = source["part"];
	        this.step = source["step"];
	        this.note = source["note"];
	        this.status = source["status"];
	        this.reviewNote = source["reviewNote"];
	        this.reviewedBy = source["reviewedBy"];
	    }
	}
	export class Credit {
	    member: string;
	    name: string;
	    kinds: string[];
	
	    static createFrom(source: any = {}) {
	        return new Credit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.member = source["member"];
	        this.name = source["name"];
	        this.kinds = source["kinds"];
	    }
	}
	export class Vote {
	    member: string;
	    choice: string;
	    reason?: string;
	    scores?: Record<string, number>;
	
	    static createFrom(source: any = {}) {
	        return new Vote(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.member = source["member"];
	        this.choice = source["choice"];
	        this.reason = source["reason"];
	        this.scores = source["scores"];
	    }
	}
	export class Decision {
	    id: string;
	    title: string;
	    description: string;
	    method: string;
	    options: string[];
	    closes: string;
	    quorum: number;
	    proposedBy: string;
	    votes: Vote[];
	    tally: decisions.Tally;
	    closed?: decisions.Closing;
	
	    static createFrom(source: any = {}) {
	        return new Decision(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.description = source["description"];
	        this.method = source["method"];
	        this.options = source["options"];
	        this.closes = source["closes"];
	        this.quorum = source["quorum"];
	        this.proposedBy = source["proposedBy"];
	        this.votes = this.convertValues(source["votes"], Vote);
	        this.tally = this.convertValues(source["tally"], decisions.Tally);
	        this.closed = this.convertValues(source["closed"], decisions.Closing);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Suggestion {
	    id: string;
	    part: string;
	    author: string;
	    text: string;
	    note: string;
	    parents: string[];
	    status: string;
	
	    static createFrom(source: any = {}) {
	        return new Suggestion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.part = source["part"];
	        this.author = source["author"];
	        this.text = source["text"];
	        this.note = source["note"];
	        this.parents = source["parents"];
	        this.status = source["status"];
	    }
	}
	export class Match {
	    mine: string;
	    theirs: string;
	    side: string;
	    text: string;
	    member: string;
	
	    static createFrom(source: any = {}) {
	        return new Match(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mine = source["mine"];
	        this.theirs = source["theirs"];
	        this.side = source["side"];
	        this.text = source["text"];
	        this.member = source["member"];
	    }
	}
	export class JoinRequest {
	    key: string;
	    name: string;
	    asksDeviceOf?: string;
	
	    static createFrom(source: any = {}) {
	        return new JoinRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = source["name"];
	        this.asksDeviceOf = source["asksDeviceOf"];
	    }
	}
	export class Part {
	    id: string;
	    title: string;
	    position: string;
	    brief: string;
	    kind: string;
	    mode: string;
	    owner: string;
	    writers: string[];
	    text: string;
	    heads: string[];
	    conflicted: boolean;
	    validated?: string;
	
	    static createFrom(source: any = {}) {
	        return new Part(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.position = source["position"];
	        this.brief = source["brief"];
	        this.kind = source["kind"];
	        this.mode = source["mode"];
	        this.owner = source["owner"];
	        this.writers = source["writers"];
	        this.text = source["text"];
	        this.heads = source["heads"];
	        this.conflicted = source["conflicted"];
	        this.validated = source["validated"];
	    }
	}
	export class Step {
	    id: string;
	    title: string;
	    description: string;
	    status: string;
	    start: string;
	    due: string;
	    owner: string;
	    ownerName: string;
	    after: string[];
	    parts: string[];
	    milestone: boolean;
	    finished: number;
	    total: number;
	    dropped?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Step(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.description = source["description"];
	        this.status = source["status"];
	        this.start = source["start"];
	        this.due = source["due"];
	        this.owner = source["owner"];
	        this.ownerName = source["ownerName"];
	        this.after = source["after"];
	        this.parts = source["parts"];
	        this.milestone = source["milestone"];
	        this.finished = source["finished"];
	        this.total = source["total"];
	        this.dropped = source["dropped"];
	    }
	}
	export class Home {
	    steps: Step[];
	    parts: Part[];
	    reviews: Contribution[];
	    decisions: Decision[];
	    requests: JoinRequest[];
	    matches: Match[];
	    milestones: Step[];
	    suggestions: Suggestion[];
	
	    static createFrom(source: any = {}) {
	        return new Home(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.steps = this.convertValues(source["steps"], Step);
	        this.parts = this.convertValues(source["parts"], Part);
	        this.reviews = this.convertValues(source["reviews"], Contribution);
	        this.decisions = this.convertValues(source["decisions"], Decision);
	        this.requests = this.convertValues(source["requests"], JoinRequest);
	        this.matches = this.convertValues(source["matches"], Match);
	        this.milestones = this.convertValues(source["milestones"], Step);
	        this.suggestions = this.convertValues(source["suggestions"], Suggestion);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class Member {
	    key: string;
	    name: string;
	    approved: boolean;
	    removed: boolean;
	    permissions: string[];
	    roles: string[];
	    devices: string[];
	    asksDeviceOf?: string;
	
	    static createFrom(source: any = {}) {
	        return new Member(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = source["name"];
	        this.approved = source["approved"];
	        this.removed = source["removed"];
	        this.permissions = source["permissions"];
	        this.roles = source["roles"];
	        this.devices = source["devices"];
	        this.asksDeviceOf = source["asksDeviceOf"];
	    }
	}
	export class MemberMay {
	    coordinate: boolean;
	    validate: boolean;
	    contribute: boolean;
	
	    static createFrom(source: any = {}) {
	        return new MemberMay(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.coordinate = source["coordinate"];
	        this.validate = source["validate"];
	        this.contribute = source["contribute"];
	    }
	}
	
	export class Revision {
	    id: string;
	    parents: string[];
	    author: string;
	
	    static createFrom(source: any = {}) {
	        return new Revision(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.parents = source["parents"];
	        this.author = source["author"];
	    }
	}
	export class PartView {
	    id: string;
	    title: string;
	    position: string;
	    brief: string;
	    kind: string;
	    mode: string;
	    owner: string;
	    writers: string[];
	    text: string;
	    heads: string[];
	    conflicted: boolean;
	    validated?: string;
	    may: deliverable.May;
	    revisions: Revision[];
	    suggestions: Suggestion[];
	    comments: Comment[];
	    conflict?: Conflict;
	
	    static createFrom(source: any = {}) {
	        return new PartView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.position = source["position"];
	        this.brief = source["brief"];
	        this.kind = source["kind"];
	        this.mode = source["mode"];
	        this.owner = source["owner"];
	        this.writers = source["writers"];
	        this.text = source["text"];
	        this.heads = source["heads"];
	        this.conflicted = source["conflicted"];
	        this.validated = source["validated"];
	        this.may = this.convertValues(source["may"], deliverable.May);
	        this.revisions = this.convertValues(source["revisions"], Revision);
	        this.suggestions = this.convertValues(source["suggestions"], Suggestion);
	        this.comments = this.convertValues(source["comments"], Comment);
	        this.conflict = this.convertValues(source["conflict"], Conflict);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RemoteSettings {
	    url: string;
	    method?: string;
	    user?: string;
	    keyFile?: string;
	    knownHosts?: string;
	
	    static createFrom(source: any = {}) {
	        return new RemoteSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.method = source["method"];
	        this.user = source["user"];
	        this.keyFile = source["keyFile"];
	        this.knownHosts = source["knownHosts"];
	    }
	}
	
	export class RevisionText {
	    id: string;
	    parents: string[];
	    author: string;
	    // Go type: time
	    at: any;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new RevisionText(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.parents = source["parents"];
	        this.author = source["author"];
	        this.at = this.convertValues(source["at"], null);
	        this.text = source["text"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Role {
	    id: string;
	    name: string;
	    who: string;
	    when: string;
	    how: string;
	    can: string[];
	    members: string[];
	    names: string[];
	
	    static createFrom(source: any = {}) {
	        return new Role(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.who = source["who"];
	        this.when = source["when"];
	        this.how = source["how"];
	        this.can = source["can"];
	        this.members = source["members"];
	        this.names = source["names"];
	    }
	}
	export class SetAsideItem {
	    Name: string;
	    Kind: string;
	    Reason: string;
	    Ops: number;
	
	    static createFrom(source: any = {}) {
	        return new SetAsideItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Name = source["Name"];
	        this.Kind = source["Kind"];
	        this.Reason = source["Reason"];
	        this.Ops = source["Ops"];
	    }
	}
	export class Snapshot {
	    name: string;
	    vision: string;
	    members: Member[];
	    roles: Role[];
	    steps: Step[];
	    parts: Part[];
	    suggestions: Suggestion[];
	    contributions: Contribution[];
	    decisions: Decision[];
	    canvas: Canvas;
	    devices: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new Snapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.vision = source["vision"];
	        this.members = this.convertValues(source["members"], Member);
	        this.roles = this.convertValues(source["roles"], Role);
	        this.steps = this.convertValues(source["steps"], Step);
	        this.parts = this.convertValues(source["parts"], Part);
	        this.suggestions = this.convertValues(source["suggestions"], Suggestion);
	        this.contributions = this.convertValues(source["contributions"], Contribution);
	        this.decisions = this.convertValues(source["decisions"], Decision);
	        this.canvas = this.convertValues(source["canvas"], Canvas);
	        this.devices = source["devices"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class SyncProblem {
	    replica?: string;
	    segment?: string;
	    kind: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncProblem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.replica = source["replica"];
	        this.segment = source["segment"];
	        this.kind = source["kind"];
	        this.reason = source["reason"];
	    }
	}
	export class SyncSummary {
	    stage: string;
	    sent: number;
	    received: number;
	    applied: number;
	    held: number;
	    rejected: number;
	    problems: SyncProblem[];
	    changesRefused: number;
	    changesWaiting: number;
	    changesAhead: number;
	    changes: Change[];
	
	    static createFrom(source: any = {}) {
	        return new SyncSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.stage = source["stage"];
	        this.sent = source["sent"];
	        this.received = source["received"];
	        this.applied = source["applied"];
	        this.held = source["held"];
	        this.rejected = source["rejected"];
	        this.problems = this.convertValues(source["problems"], SyncProblem);
	        this.changesRefused = source["changesRefused"];
	        this.changesWaiting = source["changesWaiting"];
	        this.changesAhead = source["changesAhead"];
	        this.changes = this.convertValues(source["changes"], Change);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

