// Generated from the Go limits by app/limits_test.go; do not edit.
// Refresh with: go test -tags webkit2_41 ./app -run TestLimitsAreGenerated -update

/** The most for a member's, a role's or an option's name, in characters. */
export const maxNameChars = 80;

/** The most for a step's, a part's or a decision's title, in characters. */
export const maxTitleChars = 200;

/** The most for a part's text, in bytes of UTF-8. */
export const maxTextBytes = 1048576;

/** The most for a comment, a description, a brief, in bytes of UTF-8. */
export const maxCommentBytes = 20000;

/** The most for the vision, in bytes of UTF-8. */
export const maxVisionBytes = 20000;

/** The most for a role's Who, When or How, in bytes of UTF-8. */
export const maxRoleTextBytes = 2000;

/** The most for a contribution's note or a decision's outcome, in bytes of UTF-8. */
export const maxNoteBytes = 4000;

/** The most for an answer on the board, an offer or a need, in bytes of UTF-8. */
export const maxCanvasBytes = 4000;

/** The most for options of a decision. */
export const maxOptions = 20;

/** The most for dependencies, linked parts or writers. */
export const maxLinks = 100;

/** The most for the top of a score vote's scale. */
export const maxScore = 5;
