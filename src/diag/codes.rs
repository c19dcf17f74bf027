//! The catalogue of diagnostic codes. Every code flopdb emits is here, with
//! its documentation; `flopdb explain CODE` prints it and `docs/diagnostics.md`
//! is generated from it.

use std::fmt;

use super::Severity;

macro_rules! codes {
    ($( $variant:ident = $id:literal, $name:literal, $severity:ident, $summary:literal, $explanation:literal; )+) => {
        /// A diagnostic code: `E` for errors, `W` for warnings.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $variant, )+
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// `E012`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id),+ }
            }

            /// A short kebab-case name: `unknown-key`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name),+ }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),+ }
            }

            /// One line on what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary),+ }
            }

            /// The longer explanation, with what to do.
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $explanation),+ }
            }
        }
    };
}

codes! {
    Io = "E001", "unreadable", Error,
        "A file or folder could not be read.",
        "flopdb could not read a file or list a folder (permissions, a broken link, a vanished file). The message carries the operating system's reason.";
    NotUtf8 = "E002", "not-utf8", Error,
        "A record file is not valid UTF-8.",
        "Records are UTF-8 text. The message gives the byte offset of the first invalid sequence; re-save the file as UTF-8.";
    FileTooLarge = "E003", "file-too-large", Error,
        "A file is larger than flopdb reads.",
        "A record is at most 1 MiB, and an imported CSV at most 512 MiB. A record that large is not a record: move long texts to the publication they quote.";
    OutsideRepository = "E004", "outside-repository", Error,
        "A path leads outside the repository.",
        "A symbolic link in records/ points outside the repository, or a path given on the command line is outside it. flopdb reads and writes only inside the repository, so a pull request cannot make it read other files.";
    NoRecords = "E005", "no-records", Error,
        "The records folder is missing, empty or not a folder.",
        "flopdb looks for records/models/, records/organizations/ and records/hardware/ under the repository root. A tree with no record at all is an error rather than a silent success.";
    BadFileName = "E006", "bad-file-name", Error,
        "A record's file name is not a valid id.",
        "A record's id is its file name without `.toml`: lowercase ASCII letters and digits in words joined by single hyphens, at most 100 characters, and not a name Windows reserves (con, prn, aux, nul, com1-9, lpt1-9). Rename the file, for example `GPT 3.toml` to `gpt-3.toml`.";
    UnexpectedFile = "W007", "unexpected-file", Warning,
        "A file or folder in records/ is not a record.",
        "Record folders hold only `<id>.toml` files. Other files and sub-folders are skipped; move them out, or give them the `.toml` extension if they are records.";
    TomlSyntax = "E010", "toml-syntax", Error,
        "The file is not valid TOML.",
        "The TOML parser stopped here. Common causes: a missing closing quote, a key defined twice, a date written with slashes. See https://toml.io/en/v1.0.0.";
    WrongType = "E011", "wrong-type", Error,
        "A value has the wrong type.",
        "The schema expects another type here, for example a list (`domains = [\"language\"]`) where a single string was written, or a number where a string was written.";
    UnknownKey = "E012", "unknown-key", Error,
        "A key is not part of the record's schema.",
        "Records accept only the keys their schema lists, so that a misspelled key is caught instead of silently ignored. The help line suggests the closest known key. The schemas are in schema/; editors that read the `#:schema` line complete keys as you type.";
    MissingKey = "E013", "missing-key", Error,
        "A required key is missing.",
        "Every model needs `name` and `published`; every organization and hardware record needs `name`.";
    UnknownTerm = "E014", "unknown-term", Error,
        "A value is not in the controlled vocabulary.",
        "Domains, tasks, notability criteria, confidence, accessibility, methods, precisions and categorizations come from fixed vocabularies (src/record/vocab.rs and src/record/tasks.rs). The help line suggests the closest term; a genuinely new term is added to the vocabulary by pull request.";
    BadQuantity = "E015", "bad-quantity", Error,
        "A quantity has no unit, an unknown unit, or the wrong dimension.",
        "Quantities are written with their unit: `\"3.14e23 FLOP\"`, `\"312 TFLOP/s\"`, `\"14.8 days\"`, `\"400 W\"`, `\"300e9 tokens\"`, `\"30%\"`. The message says which dimension the key expects and what was found; months and years are refused because they have no fixed length, and `FLOPS` because it could be a count or a rate.";
    BadId = "E016", "bad-id", Error,
        "A reference is not a well-formed id.",
        "References to other records (organizations, hardware, base_model) are ids: lowercase letters, digits and single hyphens. Use the file name of the record you mean, without `.toml`.";
    BadDate = "E017", "bad-date", Error,
        "A date is not a valid calendar date.",
        "Dates are TOML dates, `2020-05-28`, with no time of day: a date-time (`2020-05-28T10:00:00`) or a text that is no date (`published = \"May 2020\"`) is refused with this code. A date that does not exist (`2021-02-30`) is refused by TOML itself, before any field is read: that is E010, with a help line that says what to write.";
    SchemaViolation = "E018", "schema", Error,
        "A value breaks another rule of the schema.",
        "The value does not satisfy the record's JSON Schema; the message quotes the rule. The schemas are in schema/ and generated from the Rust types.";
    Undecodable = "E019", "undecodable", Error,
        "A value passed the schema but could not be read.",
        "The value satisfies the schema but not flopdb's stricter reading of it; the message says why.";
    OutOfRange = "E020", "out-of-range", Error,
        "A number is outside its plausible range.",
        "Every input of an estimate, and every compute figure, has a plausible range (`src/quantity/plausible.rs`, each with its reason): parameters 1 to 1e15 parameters (the records hold 10 to 1e14); epochs 1e-6 to 1e7 epochs; a run's chip count 1 to 1e7 chips (the largest recorded is 200,000); its training time 1 second to 10 years (the records: 6 minutes to 9,023 hours); its chip time 1 chip-second to 1e12 chip-hours; its power draw 1 W to 10 GW (the largest recorded is 110 MW); a chip's peak, dense or sparse, 1e3 to 1e18 FLOP/s (the records: 1.9e10 to 2e16); compute, stated or bounded, 1 to 1e32 FLOP (the largest runs of 2026 are near 5e26). Utilization is greater than 0 and at most 1; batch sizes are positive. A value outside its range is almost always an exponent or a unit typed wrong, and one such value moves every trend: a run of `1e200 h` gives 1e218 FLOP. Within these ranges every product the estimates and outputs make is a finite number, so no output holds `inf` or `NaN`.";
    InsecureLink = "W106", "insecure-link", Warning,
        "A link is not an https URL.",
        "Links should start with `https://`, so that readers of the dataset are not sent to plain-text or local addresses. A warning rather than an error: sources such as Epoch's tables hold some plain-http links, which are findings about the data; a new record should use https.";
    DanglingReference = "E022", "dangling-reference", Error,
        "A reference names a record that does not exist.",
        "Every id in `organizations`, `base_model` and `hardware.accelerator` must be the file name of a record of that kind. Create the record (`flopdb new organization`, `flopdb new hardware`, or `flopdb new` for a base model), or fix the id; the help line suggests the closest existing id.";
    DuplicateName = "E023", "duplicate-name", Error,
        "Two records of a kind share a name or alias.",
        "Names and aliases identify records for people and for imports, so two records of a kind may not share one, ignoring case and spacing. Merge the records, or make the names distinct (for example by adding the model size).";
    InvertedBounds = "E024", "inverted-bounds", Error,
        "A lower bound is above its upper bound.",
        "`compute.lower` must not exceed `compute.upper`.";
    DateOutOfRange = "E025", "date-out-of-range", Error,
        "A date is before 1940 or in the future.",
        "Publication and release dates run from 1940 to at most 90 days past today.";
    NotFinite = "E026", "not-finite", Error,
        "A number is NaN or infinite.",
        "TOML allows `nan` and `inf`, but no quantity in a record can be either. Leave the key out when the value is unknown.";
    LimitExceeded = "E027", "limit-exceeded", Error,
        "A value is longer or deeper than flopdb accepts.",
        "Strings are at most 100,000 characters, lists at most 10,000 items, and tables nest at most 16 deep. These limits keep every check fast and bounded on untrusted input.";
    BadConfig = "E028", "bad-config", Error,
        "flopdb.toml is not valid.",
        "The repository's flopdb.toml sets estimation defaults; the message says which key is wrong.";
    ImplausibleCompute = "E030", "implausible-compute", Error,
        "A compute figure or estimate is far outside what any training run takes.",
        "An estimate (operation counting or hardware-time) outside 1 to 1e32 FLOP is an error: its inputs multiply to no training run (1e15 parameters x 1e15 tokens x 1e7 epochs), so one of them has a wrong exponent or unit; the help gives the working. Every FLOP field has a plausible range too: a training, fine-tune or post-training compute under 1e10 FLOP (seconds on one laptop) is almost always a value cut short, such as Epoch's truncated fine-tune column (`1` for 1.0854e22). When the record's notes state a value (`= 1.0854e+22 FLOP`), the help quotes it: check it against the source and write that.";
    ControlCharacter = "E029", "control-character", Error,
        "A text holds a control character, such as NUL.",
        "Names, notes and other texts may hold line breaks and tabs, but no other control characters (U+0000 to U+001F, U+007F, and the C1 range U+0080 to U+009F) and no bidirectional formatting characters (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C): they are invisible in an editor, break CSV and terminal output, can make a text read on screen other than it is, and are always a mistake of copying or a trick. TOML can spell them as escapes (`\\u0000`, `\\u202e`); remove them.";
    InvisibleInName = "E032", "invisible-in-name", Error,
        "A name holds an invisible character, or a blank that is not a space.",
        "A name (`name`, `aliases`, of any record) is read on screen and matched by eye and by program, so two names that look alike must be alike. A name may not hold characters that show as nothing (zero-width space U+200B, zero-width joiners U+200C and U+200D, word joiner U+2060, byte order mark U+FEFF, soft hyphen U+00AD, Mongolian vowel separator U+180E, interlinear annotation marks U+FFF9 to U+FFFB, the Hangul fillers U+3164, U+115F, U+1160 and U+FFA0, variation selectors, tags) nor a blank other than the plain space (no-break space U+00A0, tab, ideographic space): `GPT-3 175B` with a zero-width space is another name that looks the same. They come from copying a name out of a web page; type it again. Notes and other texts may hold them (they are quoted from sources).";
    NotFormatted = "E031", "not-formatted", Error,
        "A record is not in canonical form.",
        "`flopdb fmt --check` found a record that `flopdb fmt` would rewrite: the diagnostic points at the first line that differs. Run `flopdb fmt <file>` (it keeps every comment), or write the line as `fmt` does: bare keys, one space around `=` and before a comment, numbers in the canonical form, one blank line before each table.";
    ComputeDisagrees = "W101", "compute-disagrees", Warning,
        "A stated compute differs from an estimate by more than the tolerated factor.",
        "The record states a training compute, and its own inputs (parameters and data, or hardware and time) give an estimate that differs by more than the factor set in flopdb.toml (default 3). One of the numbers is likely wrong: check the parameter count, the data size and epochs, or the hardware inputs. `flopdb estimate <record>` shows the working.";
    EstimatesDisagree = "W102", "estimates-disagree", Warning,
        "Operation counting and hardware-time estimates differ by more than the tolerated factor.",
        "With no stated compute, flopdb takes the geometric mean of the two estimates; when they differ by more than the factor in flopdb.toml (default 3), that mean hides a problem in one of them. `flopdb estimate <record>` shows both workings.";
    OutsideBounds = "W103", "outside-bounds", Warning,
        "The compute lies outside its stated bounds.",
        "`compute.lower` and `compute.upper` should contain the resolved training compute.";
    DuplicateItem = "W104", "duplicate-item", Warning,
        "A list names the same item twice.",
        "Lists such as organizations, domains and links should not repeat an item.";
    EstimateUnavailable = "W105", "estimate-unavailable", Warning,
        "An estimate's inputs are given, but it cannot be computed.",
        "The record gives hardware inputs, but the hardware record has no peak throughput for the number format, or the record names several accelerators. The message says what is missing.";
    ImplausibleDataSize = "W107", "implausible-data-size", Warning,
        "A training set larger than any that exists.",
        "A training set of more than 1e15 tokens (or other datapoints) is more than all the text ever written down; such a size is almost always a slip, such as two numbers run together (Epoch's 2026 export gives several WikiText-103 models `1.03000000103e17`, which reads as 103000000 and 103000000 side by side). Operation counting multiplies it into the compute, so one slip moves a model to the top of the trends. Check the size against the source and correct it, or explain it in `data.size_notes`.";
    NearDuplicateName = "W108", "near-duplicate-name", Warning,
        "Two records' names differ only in case, spacing or punctuation.",
        "`Qwen3 32B` beside `Qwen3-32B` is most likely one model added twice (or renamed by a source between two exports). Merge the records, keeping the other spelling as an alias, or make the names say how the records differ. The message names the other record.";
    NoSource = "W109", "no-source", Warning,
        "A model record gives no link to a source.",
        "Every figure of a record is checked against its source: the paper, the model card, the announcement. Give at least one in `links` (https), so a reviewer, and a later reader, can check it. Epoch's exports have a few models without one; they are listed by this warning.";
    NoActiveParameters = "W110", "no-active-parameters", Warning,
        "A model that looks like a mixture of experts gives no active parameters.",
        "A mixture of experts runs each token through a few of its experts: training compute counts the parameters a token uses (`active_parameters`), not all of them. Without them, operation counting uses the total and overstates the compute by the ratio of total to active (Qwen3-235B-A22B: 10x; Kimi K2: 31x). The model looks like one by its name (`MoE`, `Mixtral`, `8x7B`, `-A22B`) or its `parameters_notes` (`mixture of experts`, `MoE`, `sparsely gated`). Add `active_parameters` from the paper or model card, and say where in `parameters_notes`; if the model is dense, say so there (`dense`), and the warning goes.";
    ChipTimeMismatch = "W111", "chip-time-mismatch", Warning,
        "A model's chip-hours are not its chip count times its training time.",
        "`hardware.chip_time` is the accelerator time of the whole run: `count` chips for `duration`. When the three are given and the chip-hours differ from count x duration by more than 1.5x, one of them is wrong, and the hardware estimate (which prefers chip-hours) is off by as much. The message names the slip the numbers fit, when they fit one: the wall-clock hours written as chip-hours (the count not multiplied in; Epoch's 2025 table has 504 chip-hours for 32 chips over three weeks), chip-days written as chip-hours (24x too few), a duration in days read as hours (24x too many), or the count multiplied in twice. Correct the field that is wrong from the source; if not every chip ran all the time, say so in `hardware.duration_notes`.";
    NoteArithmetic = "W112", "note-arithmetic", Warning,
        "The working in a record's compute notes does not give its figures.",
        "Curators write their working as a product, `6 * 550e6 * 1.5e6 * 8192 * 512 = 2.076e22`. flopdb multiplies such products out (among words and units; sums, roots and parentheses are not read) and warns when one multiplies to more than 1.5x away from the result it writes (the message says when `compute.value` is that result). Products among unit words (`FLOP/sec`, `hours`) are not read: their conversions are the writer's. Conversions of days and hours (24x, 3600x, ...) and the 6 of a `6ND` label are not reported. Correct the working, or the value copied from it.";
    BelowBase = "W113", "below-base", Warning,
        "A fine-tune's stated compute is less than its base model's.",
        "A model's `compute.value` is everything that went into it: for a fine-tune, its base model's compute and its own (Epoch's convention, and flopdb's; the fine-tune's own goes in `finetune.value`). A stated value below the base's total is then the fine-tune alone, or a slip. Give the whole in `compute.value` (the message says the base's share) and the fine-tune's own in `finetune.value`. `models.csv` reports both: `training_compute_flop` (the whole), `own_compute_flop` and `base_compute_flop`.";
    UtilizationContradicts = "W114", "utilization-contradicts", Warning,
        "The stated compute and the hardware run disagree on the utilization.",
        "Chips x peak x time is what the hardware can do at 100% utilization. The stated compute divided by it is the utilization it implies: above 100% is impossible (a chip count, a time or a chip that is wrong, or a peak with sparsity taken for dense); far (1.5x) from the record's own `hardware.utilization` means the MFU or the compute is wrong (Epoch's 2025 table gives BLOOM an MFU its note contradicts). The message gives both figures and the help the working.";
    SparsityPeak = "W115", "sparsity-peak", Warning,
        "The compute notes use a peak twice the one the hardware estimate uses.",
        "Datasheets print tensor-core peaks with structured sparsity, twice the dense figure (H100 SXM: 1,979 TFLOP/s BF16 with sparsity, 989.5 dense). Training runs dense, so a working that multiplies the sparse figure doubles the compute (Llama 3.2 11B in Epoch's table; gpt-oss-120b's 1,979 TFLOP/s in the 2026 export). On older chips twice the FP32 peak is the FP16 one: then the notes and `hardware.precision` disagree on the number format (SAM's FP32 with a tensor-core peak in the note). The warning fires when the notes hold a number within 1% of the chip's peak with sparsity for the run's number format (its record's `[sparse_peak]`, from the datasheet, where given; else twice the dense peak the hardware estimate uses), and none of the dense peak itself.";
    FinetuneDisagrees = "W116", "finetune-disagrees", Warning,
        "A fine-tune's stated compute is orders of magnitude from what its own run gives.",
        "A fine-tune's inputs (parameters, data, hardware) describe its own run, so they estimate what `finetune.value` states. Epoch's fine-tunes often give the base's data or hardware beside the fine-tune's own compute (DeepSeek-R1 gives DeepSeek-V3's 14.8T tokens), and data counted in examples rather than tokens, so differences of a few times, even 30x, are the data's convention and are not reported. Beyond 100x it is mostly a slip (12 of the 17 on the shipped records): a unit dropped in the working (s1-32B: 9.024e11 FLOP for 4.7M tokens x 32B x 6, which is 9e17), a factor of 1000 (Foundation-sec-8b: 5.1 billion tokens written as 5.1e12 in the working), or an input copied wrong (Swallow's 70B parameters as 7e7; XinYu's 500B tokens as 5e8). The others count examples for tokens or give another run's hardware: say so in `finetune.notes`. The message gives the estimate and the help its working: correct the field that is wrong from the source.";
    LikelyDuplicate = "W117", "likely-duplicate", Warning,
        "Two model records look like one model.",
        "Two records of one model count it twice in every analysis (GPT-4 twice among the record-setters; twice in any count above a threshold). A pair is reported when the two share the publication date and either (1) the same organizations, a link, and names of one model (the same but for punctuation, a trailing parenthetical such as `GPT-4` and `GPT-4 (Mar 2023)`, or one inside the other such as `GR00T N1` and `GR00T N1 2B`), with no compute or parameter count that differs; or (2) the same primary link, compute and parameters. Most such pairs come from a source that renamed a model between two exports. If the two are one model, keep one record, give it the other's name as an alias and delete the other (references to it move to the one kept). If they are different models (a paper's variants, a fine-tune listed without its base), add the other's id to `distinct_from` and say in the notes how they differ: the pair is then not reported again. A model's base model is never its duplicate.";
    UnreferencedOrganization = "W118", "unreferenced-organization", Warning,
        "No model names this organization.",
        "An organization record is there for the models it made. One that no model names is most often the old name of an organization a source renamed (`Zhipu AI`, now `Z.ai (Zhipu AI)`) or a piece of a name split at a comma (`McLean` of `Booz Allen Hamilton, McLean`). A contributor who types the old name would otherwise find it and name it. Add the name to the aliases of the organization the models name, so `flopdb new --organization` and the import find that one, and delete this record.";
    MixedScriptName = "W119", "mixed-script-name", Warning,
        "A word of a name mixes the Latin alphabet with the Greek or Cyrillic one.",
        "Latin, Greek and Cyrillic share letters that look alike (Latin `a`, Cyrillic `а`; Latin `O`, Greek `Ο`), so a word that mixes them is most often a look-alike of another name: a search for the Latin spelling does not find it, and a second record of one model goes unseen. Names in one alphabet each, or words in different alphabets side by side (`ERNIE x1 (文心大模型X1)`, `Тиньков T-Bank`), pass. If the word is right (a Greek letter in a Latin name, `αBERT`), keep it and say so in a comment.";
    ImportValue = "W201", "import-value", Warning,
        "An imported value was reported instead of being imported.",
        "A cell of the imported CSV does not fit its field (a number that does not parse, an ambiguous date, an unknown vocabulary term, lists of different lengths). The import keeps every row and reports each such value with its row and column; nothing is guessed.";
    ImportHeader = "E202", "import-header", Error,
        "A CSV header is not an export flopdb can read.",
        "flopdb reads Epoch AI's model exports (any vintage: a `Model` or `System` column) and their accelerator tables (a `Hardware name` or `Name of the hardware` column), mapping each column on its own through its dictionary of every spelling the columns have had. This error means the header names neither kind, or both; `import epoch` was given an accelerator table, or `import epoch-hardware` a models export.";
    ImportRow = "E203", "import-row", Error,
        "A CSV row could not be read.",
        "The CSV reader failed on this row (unbalanced quotes, invalid UTF-8). The row is skipped and reported.";
    WouldOverwrite = "E204", "would-overwrite", Error,
        "A write would replace an existing file.",
        "flopdb never overwrites a person's file unless told to: pass `--force`.";
    ImplausibleImport = "E205", "implausible-import", Error,
        "An imported value is implausible, most likely cut short by the export.",
        "A compute far below any training run (a fine-tune or post-training compute under 1e10 FLOP, say) is not imported: Epoch's 2025 export truncates `Finetune compute (FLOP)` to its first digit in 75 rows (TxGemma 27B has `1` where its note computes 1.0854e22). The field is left out, the cell kept verbatim in `extra`, and the message quotes the value the row's own notes state, when they state one: check it against its source and set the field by hand.";
    IncompleteRow = "E208", "incomplete-row", Error,
        "A row lacks what every record needs, and is not imported.",
        "A model record needs a name and a publication date. A row of an export without a date (the 2026 all-models export has 18) cannot become a valid record, so it is refused with its line rather than written as a record that check rejects. A record that already exists keeps its own date.";
    SyncConflict = "W206", "sync-conflict", Warning,
        "A field changed by hand since the last sync differs from the export; it is kept.",
        "`flopdb import epoch` into records that exist merges field by field: a field takes the export's value only while it still holds what the last import wrote (`source.synced` keeps a digest of it). This field was changed since, so the person's value is kept. Compare the two values in the message, keep or correct the record, and report the difference upstream if the export is wrong.";
    AbsentFromExport = "W207", "absent-from-export", Warning,
        "Records from this source that the export no longer has.",
        "A sync never deletes a record. Records whose `source.dataset` names an Epoch AI export but that the new export does not hold are listed: Epoch may have renamed or removed them, or the export covers fewer models (a notable-only export). Check them by hand.";
    NotSynced = "W209", "not-synced", Warning,
        "A row of the export has the name of a record that was not imported from it; the record is kept.",
        "A sync updates only records that came from its source (they carry `source.synced`, the digests of what the import wrote). A record made by hand (`flopdb new`) or from another source is never overwritten, even when the export has a row of the same name: the row is reported here and nothing is written. If the record is the export's model and should follow it from now on, run the import again with `--adopt`: the export's values then take the record's fields (its comments and the keys the export does not speak for stay), and later syncs treat it as their own.";
    Renamed = "W210", "renamed", Warning,
        "A record's name and its row's differ: renamed by hand, or by the export.",
        "A sync matches a row to its record by the name the record was imported with, not by the name it has now. When a person renamed the record, it keeps the new name and the export's name goes to `source.name`. When the export renamed the model (its old row is gone and a new row has the same date, an organization, a link and a related name, `GPT-4` and `GPT-4 (Mar 2023)`, and no figure differs), the record keeps its id, takes the new name and keeps the old one as an alias, so no second record of the model is made. Check that the pair is one model.";
    PossibleRename = "W211", "possible-rename", Warning,
        "A new row may be a record whose row is gone, renamed; not merged.",
        "The new row and the record share some of what a rename keeps (a date within a month, an organization, and a link or a related name) but not enough to be sure, or several rows fit the record equally. The row is imported as a new record and the pair is reported for a person: if they are one model, give the old record the new name (the old one as an alias) and delete the new record; the next sync matches them.";
    AmbiguousRows = "E212", "ambiguous-rows", Error,
        "Several rows of an export claim one record equally; none is imported.",
        "Rows of one name are matched to the record whose synced digests (what the last sync wrote) they hold most of. When two rows hold as many, the sync cannot tell which is the record's model without guessing, and a wrong guess would put one model's numbers into another's record. Both rows are refused with their lines and the record is left as it is: tell the rows apart in the export (report it upstream), or edit the record to match its row, and sync again.";
}

impl Code {
    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id().eq_ignore_ascii_case(id) || c.name() == id)
    }

    /// The catalogue as Markdown, the text of docs/diagnostics.md.
    pub fn catalogue_markdown() -> String {
        let mut out = String::from(
            "# Diagnostic codes\n\nGenerated from `src/diag/codes.rs` by `flopdb explain --all > docs/diagnostics.md`; a test fails when it drifts.\n\n| code | name | severity | meaning |\n|---|---|---|---|\n",
        );
        for code in Code::ALL {
            let severity = match code.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&format!("| {} | {} | {} | {} |\n", code.id(), code.name(), severity, code.summary()));
        }
        for code in Code::ALL {
            out.push_str(&format!(
                "\n## {} {}\n\n{}\n\n{}\n",
                code.id(),
                code.name(),
                code.summary(),
                code.explanation()
            ));
        }
        out
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_prefixed_by_severity() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.id()), "{}", code.id());
            let prefix = if code.severity() == Severity::Error { 'E' } else { 'W' };
            assert!(code.id().starts_with(prefix), "{}", code.id());
            assert!(!code.explanation().is_empty());
        }
    }
}
