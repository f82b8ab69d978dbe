//! The AWS shared config and credentials files (`~/.aws/config`,
//! `~/.aws/credentials`): a small INI reader that follows botocore's reading
//! of them, and lookups across both files.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::config::{ConfigError, Env};
use super::setting::Source;

/// The two files name their sections differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `[default]` and `[profile name]`; other sections (`[sso-session x]`,
    /// `[services x]`, a bare `[name]`) are not profiles.
    Config,
    /// Every `[name]` is a profile called `name`.
    Credentials,
}

/// A line of a profile file that is not INI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProfileFileError {
    pub path: PathBuf,
    pub line: usize,
    pub message: &'static str,
}

impl fmt::Display for ProfileFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "malformed profile file {}, line {}: {}",
            self.path.display(),
            self.line,
            self.message
        )
    }
}

/// The profiles of one file: profile name -> lower-cased key -> value.
#[derive(Default)]
pub(crate) struct ProfileFile {
    profiles: HashMap<String, HashMap<String, Entry>>,
}

/// A property's value and the line it was read from (for error messages).
struct Entry {
    value: String,
    line: usize,
}

// Values include secrets: list only the profile names.
impl fmt::Debug for ProfileFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.profiles.keys()).finish()
    }
}

impl ProfileFile {
    pub fn parse(text: &str, kind: FileKind, path: &Path) -> Result<Self, ProfileFileError> {
        let error = |line: usize, message| ProfileFileError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let mut profiles: HashMap<String, HashMap<String, Entry>> = HashMap::new();
        // None before the first section; Some(None) in a section that is not a profile.
        let mut section: Option<Option<String>> = None;
        // Indentation of the last property line; deeper lines continue it.
        let mut property_indent: Option<usize> = None;
        // The last property's key when its value is empty: the deeper lines
        // after it are its nested settings (`s3 =` then `addressing_style = path`).
        let mut nesting: Option<String> = None;
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let Some(end) = rest.find(']') else {
                    return Err(error(line_no, "section header without a closing `]`"));
                };
                let after = rest[end + 1..].trim_start();
                if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
                    return Err(error(line_no, "text after a section header"));
                }
                let header = rest[..end].trim();
                if header.is_empty() {
                    return Err(error(line_no, "empty section name"));
                }
                let name = profile_name(header, kind);
                if let Some(name) = &name {
                    profiles.entry(name.clone()).or_default();
                }
                section = Some(name);
                property_indent = None;
                nesting = None;
                continue;
            }
            // A line indented deeper than the property before it continues
            // that property, as in Python's configparser; under a property
            // with an empty value it is a nested setting, kept as
            // `parent.key` (botocore's `s3.addressing_style`).
            let indent = raw.len() - raw.trim_start().len();
            if property_indent.is_some_and(|p| indent > p) {
                if let (Some(parent), Some((key, value)), Some(Some(name))) =
                    (&nesting, line.split_once('='), &section)
                {
                    if let Some(props) = profiles.get_mut(name) {
                        let key = format!("{parent}.{}", key.trim().to_ascii_lowercase());
                        let value = value.trim().to_string();
                        props.insert(
                            key,
                            Entry {
                                value,
                                line: line_no,
                            },
                        );
                    }
                }
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(error(
                    line_no,
                    "expected `key = value`, a `[section]` header or a comment",
                ));
            };
            let key = key.trim();
            if key.is_empty() {
                return Err(error(line_no, "property without a name"));
            }
            match &section {
                None => return Err(error(line_no, "property before any `[section]` header")),
                Some(None) => {}
                Some(Some(name)) => {
                    nesting = value.trim().is_empty().then(|| key.to_ascii_lowercase());
                    if let Some(props) = profiles.get_mut(name) {
                        let entry = Entry {
                            value: value.trim().to_string(),
                            line: line_no,
                        };
                        props.insert(key.to_ascii_lowercase(), entry);
                    }
                }
            }
            property_indent = Some(indent);
        }
        Ok(ProfileFile { profiles })
    }

    pub fn has_profile(&self, profile: &str) -> bool {
        self.profiles.contains_key(profile)
    }

    /// A non-empty value of `key` in `profile`.
    pub fn get(&self, profile: &str, key: &str) -> Option<&str> {
        self.get_with_line(profile, key).map(|(value, _)| value)
    }

    /// A non-empty value of `key` in `profile`, and its line number.
    pub fn get_with_line(&self, profile: &str, key: &str) -> Option<(&str, usize)> {
        let entry = self.profiles.get(profile)?.get(key)?;
        (!entry.value.is_empty()).then_some((entry.value.as_str(), entry.line))
    }
}

fn profile_name(header: &str, kind: FileKind) -> Option<String> {
    match kind {
        FileKind::Credentials => Some(header.to_string()),
        FileKind::Config if header == "default" => Some(header.to_string()),
        FileKind::Config => {
            let rest = header.strip_prefix("profile")?;
            let name = rest.trim_start();
            (name.len() < rest.len() && !name.is_empty()).then(|| name.to_string())
        }
    }
}

/// Both files of the selected profile setup.
#[derive(Debug, Default)]
pub(crate) struct ProfileFiles {
    pub config: ProfileFile,
    pub config_path: PathBuf,
    pub credentials: ProfileFile,
    pub credentials_path: PathBuf,
}

impl ProfileFiles {
    /// A setting of `profile`; the credentials file wins over the config
    /// file, as botocore merges them.
    pub fn get(&self, profile: &str, key: &str) -> Option<&str> {
        self.locate(profile, key).map(|(value, _)| value)
    }

    /// As [`ProfileFiles::get`], with the file and line it came from.
    pub fn locate(&self, profile: &str, key: &str) -> Option<(&str, Source)> {
        let files = [
            (&self.credentials, &self.credentials_path),
            (&self.config, &self.config_path),
        ];
        files.into_iter().find_map(|(file, path)| {
            let (value, line) = file.get_with_line(profile, key)?;
            let source = Source::Profile {
                key: key.to_string(),
                profile: profile.to_string(),
                path: path.clone(),
                line,
            };
            Some((value, source))
        })
    }

    pub fn has_profile(&self, profile: &str) -> bool {
        self.credentials.has_profile(profile) || self.config.has_profile(profile)
    }
}

/// The profile to use: `AWS_PROFILE` (or the legacy `AWS_DEFAULT_PROFILE`),
/// else `default`; and whether it was chosen explicitly.
pub(crate) fn selected_profile(env: &Env) -> (&str, bool) {
    match env
        .get("AWS_PROFILE")
        .or_else(|| env.get("AWS_DEFAULT_PROFILE"))
    {
        Some(name) => (name, true),
        None => ("default", false),
    }
}

/// `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`, else the file under
/// `~/.aws/`; a leading `~` is the home directory.
fn file_path(env: &Env, variable: &str, default_name: &str) -> PathBuf {
    let home = env.get("HOME").or_else(|| env.get("USERPROFILE"));
    match env.get(variable) {
        Some(path) => match (path.strip_prefix('~'), home) {
            (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with(['/', '\\']) => {
                PathBuf::from(format!("{home}{rest}"))
            }
            _ => PathBuf::from(path),
        },
        None => Path::new(home.unwrap_or("."))
            .join(".aws")
            .join(default_name),
    }
}

impl ProfileFiles {
    /// Reads both files; a missing file has no profiles.
    pub async fn load(env: &Env) -> Result<Self, ConfigError> {
        let config_path = file_path(env, "AWS_CONFIG_FILE", "config");
        let credentials_path = file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
        let config_text = read_optional(&config_path).await?;
        let credentials_text = read_optional(&credentials_path).await?;
        Self::from_texts(
            config_path,
            config_text.as_deref(),
            credentials_path,
            credentials_text.as_deref(),
        )
    }

    pub fn from_texts(
        config_path: PathBuf,
        config_text: Option<&str>,
        credentials_path: PathBuf,
        credentials_text: Option<&str>,
    ) -> Result<Self, ConfigError> {
        let parse = |text: Option<&str>, kind, path: &Path| match text {
            Some(text) => {
                ProfileFile::parse(text, kind, path).map_err(|e| ConfigError::new(e.to_string()))
            }
            None => Ok(ProfileFile::default()),
        };
        Ok(ProfileFiles {
            config: parse(config_text, FileKind::Config, &config_path)?,
            credentials: parse(credentials_text, FileKind::Credentials, &credentials_path)?,
            config_path,
            credentials_path,
        })
    }
}

/// Profile files larger than this are refused: real ones are a few KiB,
/// and a huge file (or `/dev/zero`) must not exhaust memory.
pub(crate) const MAX_PROFILE_FILE_BYTES: u64 = 1 << 20;

/// Reads a profile file, if there is one, off the async runtime's worker
/// threads (a file on a slow or network disk must not stall other tasks):
/// on tokio's blocking pool when there is a runtime, else right here.
async fn read_optional(path: &Path) -> Result<Option<String>, ConfigError> {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            let owned = path.to_path_buf();
            runtime
                .spawn_blocking(move || read_profile_file(&owned))
                .await
                .map_err(|e| {
                    ConfigError::with_source(
                        format!("cannot read profile file {}", path.display()),
                        e,
                    )
                })?
        }
        Err(_) => read_profile_file(path),
    }
}

/// Reads a profile file: `None` when it does not exist; an error naming
/// the file when it is not a regular file (a FIFO, a device, a directory),
/// is over [`MAX_PROFILE_FILE_BYTES`], or is not UTF-8.
pub(crate) fn read_profile_file(path: &Path) -> Result<Option<String>, ConfigError> {
    use std::io::Read;
    let cannot_read = |e: std::io::Error| {
        ConfigError::with_source(format!("cannot read profile file {}", path.display()), e)
    };
    let file = match open_without_blocking(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot_read(e)),
    };
    let metadata = file.metadata().map_err(cannot_read)?;
    if !metadata.is_file() {
        return Err(ConfigError::new(format!(
            "profile file {} is not a regular file",
            path.display()
        )));
    }
    let too_large = || {
        ConfigError::new(format!(
            "profile file {} is larger than {MAX_PROFILE_FILE_BYTES} bytes",
            path.display()
        ))
    };
    if metadata.len() > MAX_PROFILE_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // The file may grow after the check: read one byte past the cap at most.
    file.take(MAX_PROFILE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_PROFILE_FILE_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| ConfigError::new(format!("profile file {} is not UTF-8", path.display())))
}

/// Opens for reading. On Unix with `O_NONBLOCK`, so that opening a FIFO
/// with no writer returns at once (to be refused as not a regular file)
/// instead of waiting for a writer forever; regular files ignore the flag.
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, kind: FileKind) -> Result<ProfileFile, ProfileFileError> {
        ProfileFile::parse(text, kind, Path::new("/home/u/.aws/config"))
    }

    #[test]
    fn nested_settings_belong_to_an_empty_property() {
        let text = "[default]\n\
                    s3 =\n  use_arn_region = false\n  ADDRESSING_STYLE = virtual\n\
                    note = a\n  continued line\n\
                    region = eu-west-1\n";
        let file = parse(text, FileKind::Config).unwrap();
        assert_eq!(file.get("default", "s3.use_arn_region"), Some("false"));
        assert_eq!(file.get("default", "s3.addressing_style"), Some("virtual"));
        assert_eq!(
            file.get_with_line("default", "s3.addressing_style")
                .unwrap()
                .1,
            4
        );
        assert_eq!(file.get("default", "note"), Some("a"));
        assert_eq!(file.get("default", "note.continued line"), None);
        assert_eq!(file.get("default", "region"), Some("eu-west-1"));
    }

    #[test]
    fn reads_sections_comments_and_whitespace() {
        let text = "# leading comment\n\
                    ; another\n\
                    [default]\n\
                    region = eu-west-1\n\
                    \n\
                    [profile dev]   # trailing comment\n\
                    \tREGION=us-west-2   \n\
                    s3 =\n    addressing_style = path\n\
                    output = json\n\
                    [ profile  spaced  ]\r\n\
                    region = ap-south-1\r\n\
                    [sso-session corp]\n\
                    sso_region = us-east-1\n\
                    [bare]\n\
                    region = nowhere\n";
        let file = parse(text, FileKind::Config).unwrap();
        assert_eq!(file.get("default", "region"), Some("eu-west-1"));
        assert_eq!(file.get("dev", "region"), Some("us-west-2"));
        assert_eq!(file.get("dev", "output"), Some("json"));
        assert_eq!(file.get("dev", "addressing_style"), None);
        assert_eq!(file.get("dev", "s3.addressing_style"), Some("path"));
        assert_eq!(file.get("spaced", "region"), Some("ap-south-1"));
        assert!(!file.has_profile("corp") && !file.has_profile("sso-session corp"));
        assert!(!file.has_profile("bare"), "config files need `profile `");
    }

    #[test]
    fn indented_properties_are_properties() {
        let text = "[default]\n  aws_access_key_id = A\n  aws_secret_access_key = B\n";
        let file = parse(text, FileKind::Credentials).unwrap();
        assert_eq!(file.get("default", "aws_secret_access_key"), Some("B"));
    }

    #[test]
    fn credentials_sections_are_profile_names() {
        let text = "[default]\naws_access_key_id = A\n[dev]\naws_access_key_id = B\n";
        let file = parse(text, FileKind::Credentials).unwrap();
        assert_eq!(file.get("dev", "aws_access_key_id"), Some("B"));
        let file = parse("[profile dev]\nk = v\n", FileKind::Credentials).unwrap();
        assert!(file.has_profile("profile dev"));
    }

    #[test]
    fn later_values_and_sections_merge() {
        let text = "[default]\na = 1\nb = 2\n[profile default]\nb = 3\n[default]\nc =\n";
        let file = parse(text, FileKind::Config).unwrap();
        assert_eq!(file.get("default", "a"), Some("1"));
        assert_eq!(file.get("default", "b"), Some("3"));
        assert_eq!(
            file.get("default", "c"),
            None,
            "empty values count as unset"
        );
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let cases = [
            ("[default]\nregion\n", 2, "expected `key = value`"),
            ("region = x\n", 1, "before any `[section]`"),
            ("[default\n", 1, "closing `]`"),
            ("\n[]\n", 2, "empty section"),
            ("[default] x\n", 1, "text after"),
            ("[default]\n = x\n", 2, "without a name"),
        ];
        for (text, line, what) in cases {
            let e = parse(text, FileKind::Config).unwrap_err();
            assert_eq!(e.line, line, "{text:?}");
            let shown = e.to_string();
            assert!(shown.contains(what), "{shown}");
            assert!(shown.contains("/home/u/.aws/config"), "{shown}");
        }
    }

    #[test]
    fn file_paths_follow_the_environment() {
        let env = Env::from_pairs(&[("HOME", "/home/u")]);
        assert_eq!(
            file_path(&env, "AWS_CONFIG_FILE", "config"),
            Path::new("/home/u/.aws/config")
        );
        let env = Env::from_pairs(&[("HOME", "/home/u"), ("AWS_CONFIG_FILE", "~/cfg/aws")]);
        assert_eq!(
            file_path(&env, "AWS_CONFIG_FILE", "config"),
            Path::new("/home/u/cfg/aws")
        );
        let env = Env::from_pairs(&[("AWS_SHARED_CREDENTIALS_FILE", "/etc/creds")]);
        assert_eq!(
            file_path(&env, "AWS_SHARED_CREDENTIALS_FILE", "credentials"),
            Path::new("/etc/creds")
        );
        assert_eq!(selected_profile(&env), ("default", false));
        let env = Env::from_pairs(&[("AWS_PROFILE", "dev"), ("AWS_DEFAULT_PROFILE", "x")]);
        assert_eq!(selected_profile(&env), ("dev", true));
    }

    #[test]
    fn credentials_file_wins_over_config_file() {
        let files = ProfileFiles {
            config: parse("[default]\nregion = a\noutput = json\n", FileKind::Config).unwrap(),
            credentials: parse("[default]\nregion = b\n", FileKind::Credentials).unwrap(),
            ..ProfileFiles::default()
        };
        assert_eq!(files.get("default", "region"), Some("b"));
        assert_eq!(files.get("default", "output"), Some("json"));
        assert!(files.has_profile("default") && !files.has_profile("x"));
    }

    /// Runs `read_profile_file` on a thread: a read that blocks fails the
    /// test instead of hanging it.
    fn read_within_seconds(path: &Path) -> Result<Option<String>, String> {
        let (send, receive) = std::sync::mpsc::channel();
        let owned = path.to_path_buf();
        std::thread::spawn(move || {
            let _ = send.send(read_profile_file(&owned).map_err(|e| e.to_string()));
        });
        receive
            .recv_timeout(std::time::Duration::from_secs(5))
            .unwrap_or_else(|_| panic!("reading {} blocked", path.display()))
    }

    #[test]
    fn profile_files_are_small_regular_files() {
        let dir = std::env::temp_dir().join(format!("slimaws-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ok = dir.join("config");
        std::fs::write(&ok, "[default]\nregion = eu-west-1\n").unwrap();
        assert_eq!(
            read_within_seconds(&ok).unwrap().as_deref(),
            Some("[default]\nregion = eu-west-1\n")
        );
        assert_eq!(read_within_seconds(&dir.join("missing")).unwrap(), None);

        // 200 MB, sparse: refused from its size, without reading it.
        let huge = dir.join("huge");
        std::fs::File::create(&huge)
            .unwrap()
            .set_len(200 << 20)
            .unwrap();
        let e = read_within_seconds(&huge).unwrap_err();
        assert!(
            e.contains("huge") && e.contains("larger than 1048576 bytes"),
            "{e}"
        );
        let e = read_within_seconds(&dir).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
        #[cfg(unix)]
        {
            let e = read_within_seconds(Path::new("/dev/zero")).unwrap_err();
            assert!(e.contains("/dev/zero is not a regular file"), "{e}");
            let fifo = dir.join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                let e = read_within_seconds(&fifo).unwrap_err();
                assert!(e.contains("fifo is not a regular file"), "{e}");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn values_know_their_file_and_line() {
        let files = ProfileFiles::from_texts(
            PathBuf::from("/h/config"),
            Some("[profile dev]\n# c\nregion = r1\n"),
            PathBuf::from("/h/credentials"),
            Some("[dev]\n\naws_access_key_id = A\n"),
        )
        .unwrap();
        let (value, source) = files.locate("dev", "region").unwrap();
        assert_eq!(value, "r1");
        assert_eq!(
            source.to_string(),
            "`region` of profile `dev` (/h/config, line 3)"
        );
        let (_, source) = files.locate("dev", "aws_access_key_id").unwrap();
        assert_eq!(
            source.to_string(),
            "`aws_access_key_id` of profile `dev` (/h/credentials, line 3)"
        );
    }
}
