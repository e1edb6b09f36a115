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

}

