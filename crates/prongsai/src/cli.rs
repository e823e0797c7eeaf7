//! The command line, in plain words. Every command takes `--data-dir` or
//! `--database-url`, so scripts can point it at any database.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Prongsai (โปร่งใส): integrity and transparency work of Thai public agencies,
/// from ITA scores to official documents and a public portal.
#[derive(Debug, Parser)]
#[command(name = "prongsai", version, propagate_version = true)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Where the data lives; shared by every command.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Folder for the SQLite database and other files [default: ./prongsai-data]
    #[arg(long, global = true, env = "PRONGSAI_DATA_DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// Use this database instead of the SQLite file in the data folder
    /// (postgres://user:password@host/db or sqlite://path); beats database_url in
    /// the settings file and PRONGSAI_DATABASE_URL
    #[arg(long, global = true)]
    pub(crate) database_url: Option<String>,
    /// Read settings from this TOML file [default: prongsai.toml in the data folder, if present]
    #[arg(long, global = true, env = "PRONGSAI_CONFIG")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the web server
    Serve(ServeArgs),
    /// Create a database with demo agencies (if not there yet), print a login and serve it
    Demo(DemoArgs),
    /// Bring the database schema up to date (also done at every start)
    Migrate,
    /// List or add agencies
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// Add users or change passwords
    #[command(subcommand)]
    User(UserCommand),
    /// ITA tools
    #[command(subcommand)]
    Ita(ItaCommand),
    /// Write an official document (PDF, DOCX or XLSX) from an agency's data
    Render(RenderArgs),
    /// Write one agency (or all) to a JSON bundle
    Export(ExportArgs),
    /// Load a JSON bundle written by `export` (all or nothing)
    Import(ImportArgs),
    /// The master key that seals reporters' identities
    #[command(subcommand)]
    Key(KeyCommand),
    /// Copy the SQLite database (a consistent snapshot, safe while the server
    /// runs) and the data folder's files into one checked file
    Backup(BackupArgs),
    /// Put a backup back into the data folder, after checking every file, the
    /// master key and the database (stop the server first)
    Restore(RestoreArgs),
    /// The ครุฑ printed on every agency's orders and memos (one image for the
    /// whole installation)
    #[command(subcommand)]
    Emblem(EmblemCommand),
}

#[derive(Debug, Subcommand)]
pub(crate) enum EmblemCommand {
    /// Check an image (PNG or JPEG, 100 to 6000 pixels a side, at most 2 MB) and
    /// make it the emblem; a file that fails the check changes nothing
    Set(EmblemSetArgs),
    /// Remove the emblem: orders and memos print a note in its place
    Clear,
    /// Say whether an emblem is set, and its size
    Show,
}

#[derive(Debug, Args)]
pub(crate) struct EmblemSetArgs {
    /// The image file
    pub(crate) file: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct BackupArgs {
    /// The backup file to write [default: prongsai-backup-DATE-TIME.zip here]
    #[arg(long)]
    pub(crate) to: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct RestoreArgs {
    /// The backup file
    pub(crate) file: PathBuf,
    /// Replace the database that is there (it is moved aside into a hidden
    /// folder, not deleted), and accept a master key that does not open the
    /// backup's sealed identities
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum KeyCommand {
    /// Print a new random master key (base64), for master_key in prongsai.toml or
    /// PRONGSAI_MASTER_KEY; keep it apart from the database and its backups
    Generate,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on; beats bind in the settings file and PRONGSAI_BIND
    /// [default: 127.0.0.1:8080]
    #[arg(long)]
    pub(crate) bind: Option<SocketAddr>,
}

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Address to listen on; beats bind in the settings file and PRONGSAI_BIND
    /// [default: 127.0.0.1:8080]
    #[arg(long)]
    pub(crate) bind: Option<SocketAddr>,
    /// Only build the database and print the login; do not start the server
    #[arg(long)]
    pub(crate) no_serve: bool,
    /// Where the demo agencies' sample websites listen (the OIT evidence links
    /// point at them): one port per agency, counting up from this one
    #[arg(long, env = "PRONGSAI_SAMPLE_SITE", default_value = crate::demo::disclosure::DEFAULT_SAMPLE_SITE)]
    pub(crate) sample_site: SocketAddr,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AgencyCommand {
    /// One agency per line: code, name and province, tab-separated
    List,
    /// Add an agency
    Add(AgencyAddArgs),
}

#[derive(Debug, Args)]
pub(crate) struct AgencyAddArgs {
    /// Short unique code, e.g. dindaeng-krabi
    #[arg(long)]
    pub(crate) code: String,
    /// Full name, e.g. องค์การบริหารส่วนตำบลดินแดง
    #[arg(long)]
    pub(crate) name: String,
    #[arg(long, value_enum)]
    pub(crate) kind: AgencyKindArg,
    /// District (อำเภอ)
    #[arg(long, default_value = "")]
    pub(crate) district: String,
    /// Province (จังหวัด)
    #[arg(long)]
    pub(crate) province: String,
    /// Website address
    #[arg(long)]
    pub(crate) website: Option<String>,
    /// Write numbers in Thai digits in pages and documents
    #[arg(long)]
    pub(crate) thai_digits: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum AgencyKindArg {
    /// องค์การบริหารส่วนตำบล
    Sao,
    /// เทศบาลตำบล
    SubdistrictMunicipality,
    /// เทศบาลเมือง
    TownMunicipality,
    /// เทศบาลนคร
    CityMunicipality,
    /// องค์การบริหารส่วนจังหวัด
    Pao,
    /// Another public body
    Other,
}

#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Add a user; prints a generated password unless --password-stdin is given
    Add(UserAddArgs),
    /// Set a new password; prints a generated one unless --password-stdin is given
    Passwd(UserPasswdArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum RoleArg {
    Admin,
    Executive,
    DepartmentHead,
    Staff,
    Supervisor,
}

#[derive(Debug, Args)]
pub(crate) struct UserAddArgs {
    /// Login name (letters, digits, . _ -)
    #[arg(long)]
    pub(crate) username: String,
    /// Name shown in the application
    #[arg(long)]
    pub(crate) name: String,
    #[arg(long, value_enum)]
    pub(crate) role: RoleArg,
    /// Agency code (not for a national supervisor)
    #[arg(long)]
    pub(crate) agency: Option<String>,
    /// Department name, for a department head
    #[arg(long)]
    pub(crate) department: Option<String>,
    /// Province a supervisor oversees (omit for the whole country)
    #[arg(long)]
    pub(crate) province: Option<String>,
    /// Read the password from the first line of standard input
    #[arg(long)]
    pub(crate) password_stdin: bool,
}

#[derive(Debug, Args)]
pub(crate) struct UserPasswdArgs {
    pub(crate) username: String,
    /// Read the password from the first line of standard input
    #[arg(long)]
    pub(crate) password_stdin: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ItaCommand {
    /// Score an ITA input file (JSON; - for standard input) and print the result as JSON
    Score(ScoreArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ScoreArgs {
    /// The input file, or - for standard input
    pub(crate) file: PathBuf,
    /// Also use this framework file (JSON), e.g. one for a year not built in
    #[arg(long)]
    pub(crate) framework: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum DocumentKind {
    /// The analysis of an ITA result (ranked indicators, weaknesses, text)
    Analysis,
    /// The year's measures with the analysis of the ITA result they answer
    Measures,
    /// The memo sending the measures to the departments
    MeasuresMemo,
    /// The report of a round (--round half or full), grouped by topic (--links adds evidence links)
    HalfYearReport,
    /// The annual report per topic with the full-year results (--links adds evidence links)
    AnnualReport,
    /// The anti-corruption action plan that covers the fiscal year
    ActionPlan,
    /// The follow-up report of the action plan for the fiscal year (--round half or full)
    PlanReport,
    /// The corruption-risk assessment of the fiscal year
    RiskAssessment,
    /// An order (คำสั่ง) of the year (--number; without it, the latest)
    Order,
    /// A memo (บันทึกข้อความ) of the year (--number; without it, the latest)
    Memo,
    /// The complaint statistics of the fiscal year (PDF, XLSX or CSV), corruption
    /// counts withheld below the agency's threshold
    ComplaintStats,
    /// The OIT disclosure checklist of the fiscal year with its links and their
    /// latest verdicts (PDF or XLSX)
    Oit,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum RoundArg {
    /// October to March
    Half,
    /// The whole fiscal year
    Full,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum FormatArg {
    Pdf,
    Docx,
    Xlsx,
    /// UTF-8 with a byte-order mark (complaint-stats only)
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum SourceArg {
    /// The result NACC published
    Official,
    /// The agency's own assessment
    SelfAssessed,
}

#[derive(Debug, Args)]
pub(crate) struct RenderArgs {
    /// Which document
    #[arg(value_enum)]
    pub(crate) kind: DocumentKind,
    /// Agency code (see `agency list`)
    #[arg(long)]
    pub(crate) agency: String,
    /// Buddhist-era fiscal year, e.g. 2568 (for an order or a memo, the year of its number)
    #[arg(long)]
    pub(crate) year: i32,
    /// Which result of that year (analysis only)
    #[arg(long, value_enum, default_value = "official")]
    pub(crate) source: SourceArg,
    /// Which round (half-year-report and plan-report)
    #[arg(long, value_enum, default_value = "half")]
    pub(crate) round: RoundArg,
    /// Which order or memo of the year: the order number ("98") or the memo's number as
    /// printed ("นม 78501/123"); without it, the latest of the year
    #[arg(long)]
    pub(crate) number: Option<String>,
    /// Put the evidence links under each result (annual-report and half-year-report)
    #[arg(long)]
    pub(crate) links: bool,
    #[arg(long, value_enum, default_value = "pdf")]
    pub(crate) format: FormatArg,
    /// Output file
    #[arg(short, long)]
    pub(crate) output: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Agency code to export
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    pub(crate) agency: Option<String>,
    /// Export every agency
    #[arg(long)]
    pub(crate) all: bool,
    /// Output file (- for standard output)
    #[arg(short, long)]
    pub(crate) output: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// A bundle written by `prongsai export`
    pub(crate) file: PathBuf,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::Cli;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
