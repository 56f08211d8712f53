// The password length rule, apart from the policy so pages can state it without shipping the
// common-password list to the browser.
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;
