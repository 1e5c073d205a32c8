"""The unmodified `language_tool_python` client from PyPI against a live
`tchatlint serve` (its `/v2` LanguageTool-compatible API).

Run by .ci/languagetool-client.sh, which installs the pinned client in a
virtual environment, starts the server and sets TCHATLINT_URL. Uses only the
standard library's unittest, so nothing else is installed.

With `remote_server` the client never starts nor downloads LanguageTool; the
test also points its download directory to an empty temporary folder and
checks that it is still empty at the end.
"""

import os
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request

DOWNLOAD_DIR = tempfile.mkdtemp(prefix="ltp-")
# Where the client would put a downloaded LanguageTool: must stay empty.
os.environ["LTP_PATH"] = DOWNLOAD_DIR

import language_tool_python  # noqa: E402

URL = os.environ.get("TCHATLINT_URL", "http://127.0.0.1:8080")

# "Hélène" and the emoji come before the faults: LanguageTool offsets are
# UTF-16 code units, which the client turns into Python string indices.
FAULTY = "Bonjour Hélène 😀, slt je vérifie votre commande tt de suite."
SECRET = "Pouvez-vous me donner votre code reçu par SMS ?"
CLEAN = "Bonjour Hélène, je vérifie votre commande tout de suite."


class LanguageToolClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tool = language_tool_python.LanguageTool("fr-FR", remote_server=URL)

    @classmethod
    def tearDownClass(cls):
        cls.tool.close()

    def setUp(self):
        self.tool.enabled_rules = set()
        self.tool.disabled_rules = set()
        self.tool.enabled_rules_only = False
        self.tool.disabled_categories = set()
        self.tool.enabled_categories = set()

    def test_check_finds_the_faults_at_the_right_places(self):
        matches = self.tool.check(FAULTY)
        rules = {m.rule_id for m in matches}
        self.assertIn("sms-language", rules, matches)
        # The client turns the UTF-16 offsets into Python indices (it does
        # the same with LanguageTool); matched_text is not compared: the
        # client does not convert the context's offset.
        sms = [m for m in matches if m.rule_id == "sms-language"]
        self.assertEqual(
            {FAULTY[m.offset : m.offset + m.error_length] for m in sms}, {"slt", "tt"}
        )
        for m in matches:
            self.assertTrue(m.message)
            self.assertTrue(m.category)
            self.assertTrue(m.rule_issue_type)
            self.assertTrue(m.sentence)
        print("\n# check():")
        for m in matches:
            print(f"#   {m.rule_id} [{m.category}] {m.message!r} -> {m.replacements[:2]}")

    def test_correct_applies_the_first_suggestions(self):
        # The emoji rule is off here: its match covers the emoji itself, and
        # the client converts offsets but not lengths for characters beyond
        # 16 bits (the same with LanguageTool). The emoji stays before the
        # other matches, whose offsets must be right.
        self.tool.disabled_rules = {"emoji"}
        fixed = self.tool.correct(FAULTY)
        print(f"\n# correct(): {fixed!r}")
        self.assertEqual(
            fixed, "Bonjour Hélène 😀, bonjour je vérifie votre commande tout de suite."
        )

    def test_clean_text_has_no_match(self):
        self.assertEqual(self.tool.check(CLEAN), [])

    def test_disabled_rules(self):
        self.tool.disabled_rules = {"sms-language"}
        rules = {m.rule_id for m in self.tool.check(FAULTY)}
        self.assertNotIn("sms-language", rules)

    def test_enabled_rules_only(self):
        self.tool.enabled_rules = {"sensitive-data"}
        self.tool.enabled_rules_only = True
        self.assertEqual(self.tool.check(FAULTY), [])
        matches = self.tool.check(SECRET)
        self.assertEqual({m.rule_id for m in matches}, {"sensitive-data"})

    def test_disabled_categories(self):
        self.tool.disabled_categories = {"REGISTER"}
        rules = {m.rule_id for m in self.tool.check(FAULTY)}
        self.assertNotIn("sms-language", rules)

    def test_spellchecking_can_be_turned_off(self):
        typo = "Bonjour, je vérifie votre comande."
        matches = self.tool.check(typo)
        self.assertIn("spelling", {m.rule_id for m in matches})
        self.assertEqual(
            [m.category for m in matches if m.rule_id == "spelling"], ["TYPOS"]
        )
        self.tool.disable_spellchecking()
        self.assertIn("TYPOS", self.tool.disabled_categories)
        matches = self.tool.check(typo)
        self.assertNotIn("spelling", {m.rule_id for m in matches})

    def test_another_language_is_refused(self):
        with self.assertRaises(ValueError):
            language_tool_python.LanguageTool("de-DE", remote_server=URL)
        data = urllib.parse.urlencode({"language": "en-US", "text": "Hello"}).encode()
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(URL.rstrip("/") + "/v2/check", data=data)
        self.assertEqual(e.exception.code, 400)
        self.assertIn("French", e.exception.read().decode())

    def test_nothing_was_downloaded(self):
        self.assertEqual(os.listdir(DOWNLOAD_DIR), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
