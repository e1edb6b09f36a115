//go:build unix

package workspace

import (
	"fmt"
	"os"
	"syscall"
)

// folderIdentity is the folder's inode number: a copy, even on the same
// computer, is another folder; a rename is not. (Not the device number: a
// drive mounted again may get another.)
func folderIdentity(path string) string {
	info, err := os.Stat(path)
	if err != nil {
		return ""
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d", st.Ino)
}
