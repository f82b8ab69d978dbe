//! The AWS shared config and credentials files (`~/.aws/config`,
//! `~/.aws/credentials`): a small INI reader that follows botocore's reading
//! of them, and lookups across both files.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::config::{ConfigError, Env};

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
    profiles: HashMap<String, HashMap<String, String>>,
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
        let mut profiles: HashMap<String, HashMap<String, String>> = HashMap::new();
        // None before the first section; Some(None) in a section that is not a profile.
        let mut section: Option<Option<String>> = None;
        // Indentation of the last property line; deeper lines continue it.
        let mut property_indent: Option<usize> = None;
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
                continue;
            }
            // A line indented deeper than the property before it continues
            // that property (`s3 =` and its nested settings), as in Python's
            // configparser; nested settings are not used here.
            let indent = raw.len() - raw.trim_start().len();
            if property_indent.is_some_and(|p| indent > p) {
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
                    if let Some(props) = profiles.get_mut(name) {
                        props.insert(key.to_ascii_lowercase(), value.trim().to_string());
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
        let value = self.profiles.get(profile)?.get(key)?;
        (!value.is_empty()).then_some(value.as_str())
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
        self.credentials
            .get(profile, key)
            .or_else(|| self.config.get(profile, key))
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

/// Reads a profile file, if there is one. Synchronously, as botocore does:
/// these are small local files read once when a `Config` is built, which
/// does not justify tokio's `fs` feature (and its blocking thread pool) in
/// every application's build.
async fn read_optional(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| ConfigError::new(format!("profile file {} is not UTF-8", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError::with_source(
            format!("cannot read profile file {}", path.display()),
            e,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, kind: FileKind) -> Result<ProfileFile, ProfileFileError> {
        ProfileFile::parse(text, kind, Path::new("/home/u/.aws/config"))
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
}
