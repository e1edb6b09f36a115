package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
)

// PartText is a part's text as its revision graph resolves, the current
// heads a new revision should name as parents, and whether it is in
// conflict. A part with no revision yet has empty text and no heads.
func (db *DB) PartText(ctx context.Context, part string) (text string, heads []string, conflicted bool, err error) {
	var headsJSON string
	err = db.read.QueryRowContext(ctx, `SELECT text, heads, conflicted FROM p_part_text WHERE part = ?`, part).Scan(&text, &headsJSON, &conflicted)
	if err == sql.ErrNoRows {
		return "", nil, false, nil
	}
	if err != nil {
		return "", nil, false, classify(err, db.path)
	}
	err = json.Unmarshal([]byte(headsJSON), &heads)
	return text, heads, conflicted, err
}

// Vision is the shared vision, or "" before a coordinator writes one.
func (db *DB) Vision(ctx context.Context) (string, error) {
	var text string
	err := db.read.QueryRowContext(ctx, `SELECT text FROM p_vision`).Scan(&text)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return text, classify(err, db.path)
}

// Answer is one member's answer to one of the board's questions.
type Answer struct {
	Question string `json:"question"`
	Member   string `json:"member"`
	Text     string `json:"text"`
}

// ExchangeItem is an offer or a need, with who took it up.
type ExchangeItem struct {
	Item      string `json:"item"`
	Side      string `json:"side"`
	Member    string `json:"member"`
	Text      string `json:"text"`
	Part      string `json:"part,omitempty"`
	Step      string `json:"step,omitempty"`
	MatchedBy string `json:"matchedBy,omitempty"`
	// Takers are the members who took it up, in replay order; its area
	// decides whose take stands.
	Takers []string `json:"-"`
}

// Canvas reads the board: every answer, and every offer and need with the
// members who took it up, in replay order.
func (db *DB) Canvas(ctx context.Context) ([]Answer, []ExchangeItem, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT question, member, text FROM p_answers ORDER BY question, wall, logical, replica`)
	if err != nil {
		return nil, nil, classify(err, db.path)
	}
	var answers []Answer
	for rows.Next() {
		var a Answer
		if err := rows.Scan(&a.Question, &a.Member, &a.Text); err != nil {
			rows.Close()
			return nil, nil, classify(err, db.path)
		}
		answers = append(answers, a)
	}
	rows.Close()
	rows, err = db.read.QueryContext(ctx, `SELECT e.item, e.side, e.member, e.text, e.part, e.step,
		coalesce((SELECT group_concat(member, ',') FROM (SELECT m.member FROM p_exchange_matches m WHERE m.item = e.item
			ORDER BY m.wall, m.logical, m.replica)), '')
		FROM p_exchange e ORDER BY e.wall, e.logical, e.item`)
	if err != nil {
		return nil, nil, classify(err, db.path)
	}
	defer rows.Close()
	var items []ExchangeItem
	for rows.Next() {
		var it ExchangeItem
		var takers string
		if err := rows.Scan(&it.Item, &it.Side, &it.Member, &it.Text, &it.Part, &it.Step, &takers); err != nil {
			return nil, nil, classify(err, db.path)
		}
		it.Takers = splitList(takers)
		items = append(items, it)
	}
	return answers, items, classify(rows.Err(), db.path)
}

// Member is one key the workspace knows: from a join request, an approval,
// or the founding.
type Member struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Approved    bool     `json:"approved"`
	Removed     bool     `json:"removed"`
	Permissions []string `json:"permissions"`
	Roles       []string `json:"roles"`
	Devices     []string `json:"devices"` // replicas their changes came from
	// AsksDeviceOf: this key asks to be another device of that member.
	AsksDeviceOf string `json:"asksDeviceOf,omitempty"`
}

// Members lists every known member, by name then key. A key approved as
// another device of a member is not listed apart: its replicas count among
// that member's devices, and Keys maps it to the member.
func (db *DB) Members(ctx context.Context) ([]Member, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT k.key, coalesce(m.name, ''), coalesce(a.approved, 0), coalesce(a.removed, 0), coalesce(a.permissions, ''), coalesce(a.roles, ''),
			coalesce((SELECT group_concat(replica, ',') FROM (SELECT d.replica FROM p_devices d
				WHERE d.member = k.key OR d.member IN (SELECT x.key FROM p_access x WHERE x.device_of = k.key) ORDER BY d.replica)), ''),
			coalesce(a.device_of, ''), coalesce(a.asks_device_of, '')
		FROM (SELECT key FROM p_members UNION SELECT key FROM p_access) k
		LEFT JOIN p_members m ON m.key = k.key
		LEFT JOIN p_access a ON a.key = k.key
		ORDER BY 2, 1`)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	var list []Member
	for rows.Next() {
		var m Member
		var perms, roles, devices, deviceOf string
		if err := rows.Scan(&m.Key, &m.Name, &m.Approved, &m.Removed, &perms, &roles, &devices, &deviceOf, &m.AsksDeviceOf); err != nil {
			return nil, classify(err, db.path)
		}
		if deviceOf != "" {
			continue
		}
		m.Permissions, m.Roles, m.Devices = splitList(perms), splitList(roles), splitList(devices)
		list = append(list, m)
	}
	return list, classify(rows.Err(), db.path)
}

// DeviceKeys maps each key approved as a device to its member's key.
func (db *DB) DeviceKeys(ctx context.Context) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT key, device_of FROM p_access WHERE device_of != ''`)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	keys := map[string]string{}
	for rows.Next() {
		var key, member string
		if err := rows.Scan(&key, &member); err != nil {
			return nil, classify(err, db.path)
		}
		keys[key] = member
	}
	return keys, classify(rows.Err(), db.path)
}

// KeysOf lists the keys that act as key's member: the member's own and
// their devices', sorted.
func (db *DB) KeysOf(ctx context.Context, key string) ([]string, error) {
	devices, err := db.DeviceKeys(ctx)
	if err != nil {
		return nil, err
	}
	if member := devices[key]; member != "" {
		key = member
	}
	keys := []string{key}
	for device, member := range devices {
		if member == key {
			keys = append(keys, device)
		}
	}
	slices.Sort(keys)
	return keys, nil
}

// splitList reads a comma-joined column as a list, [] when empty.
func splitList(joined string) []string {
	if joined == "" {
		return []string{}
	}
	return strings.Split(joined, ",")
}
