import Vigil

/// `--root DIR`: the folder that every policy file read must be inside — the files given,
/// those found in folders, includes and holidays files. Without it, each path given is the
/// root of the files read from it (a folder itself, a file its folder).
enum RootOption {
  /// The option, as the stages' messages name it.
  static let name = "--root"

  static let spec = OptionSpec(
    name: "root", value: "DIR",
    help: "Read includes and holidays files only inside DIR (default: each path's folder).")

  /// The paragraph of `--help` about it.
  static let details = """
    Includes and holidays files are read only inside a root folder: the folder of each
    policy file given (a folder given is its own root), or DIR with --root DIR, which must
    hold every file given too. A path that leaves it (with .., absolute, or through a
    symbolic link) is an error, error[include-outside-root], and the file is not opened.
    """
}
