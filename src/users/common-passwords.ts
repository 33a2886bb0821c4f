/** Passwords that are common at or above the minimum length (breach-corpus top entries). */
export const COMMON_PASSWORDS = new Set([
  "1234567890", "12345678910", "123456789a", "1q2w3e4r5t", "1qaz2wsx3edc", "password1", "password12",
  "password123", "password1234", "passw0rd123", "qwertyuiop", "qwerty1234", "qwerty12345", "qwerty123456",
  "iloveyou123", "abcdefghij", "abc1234567", "0987654321", "1111111111", "0000000000", "1234qwer!@#$",
  "zaq12wsxcde", "asdfghjkl1", "asdfghjkl;", "football123", "baseball123", "welcome123", "letmein123",
  "sunshine123", "princess123", "dragon1234", "monkey1234", "superman123", "starwars123", "trustno1234",
  "administrator", "admin12345", "admin123456", "changeme123", "changeme1234", "p@ssw0rd123", "p@ssword123",
  "myspace123", "computer123", "internet123", "samsung123", "michael123", "jennifer123", "charlie123",
  "whatever123", "freedom123", "master1234", "shadow1234", "passwordpassword", "123123123123",
  "987654321a", "q1w2e3r4t5", "1q2w3e4r5t6y", "a1b2c3d4e5", "indonesia123", "jakarta123", "bismillah123",
]);
