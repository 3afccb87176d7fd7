/**
 * The English catalogue: every string the pages show. `{name}` placeholders are filled by `t()`.
 * The French catalogue must have the same keys (the type checker enforces it). Page families keep
 * theirs in `areas/`.
 */
export const en = {
  'nav.home': 'Home',
  'nav.signIn': 'Sign in',
  'nav.signUp': 'Sign up',
  'nav.signOut': 'Sign out',
  'nav.language': 'Language',
  'nav.signedInAs': 'Signed in as {name}',
  'nav.skip': 'Skip to content',
  'footer.poweredBy': 'Powered by edgetube, compatible with PeerTube',

  'home.title': 'Home',
  'home.empty': 'No videos yet.',

  'notFound.title': 'Not found',
  'notFound.body': 'This page does not exist, or it is not public.',

  'language.title': 'Language',
  'language.intro': 'Choose the language of the interface.',
  'language.save': 'Save',
  'language.auto': 'Automatic (from the browser)',

  'signIn.title': 'Sign in',
  'signIn.username': 'Username or email',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.invalid': 'Incorrect username or password.',
  'signIn.blocked': 'This account is blocked.',
  'signIn.noAccount': 'No account yet?',
  'signIn.tooMany': 'Too many attempts. Try again in a minute.',

  'signUp.title': 'Create an account',
  'signUp.closed': 'This instance does not accept new accounts at the moment.',
  'signUp.username': 'Username',
  'signUp.usernameHelp': 'Lowercase letters, digits, dots, dashes and underscores.',
  'signUp.displayName': 'Display name',
  'signUp.email': 'Email',
  'signUp.password': 'Password',
  'signUp.passwordHelp': 'At least 6 characters.',
  'signUp.terms': 'I have read and accept the rules of this instance.',
  'signUp.rules': 'Rules of this instance',
  'signUp.submit': 'Create my account',
  'signUp.haveAccount': 'Already have an account?',

  'form.invalid': 'Please correct the fields marked below.',
  'form.required': 'This field is required.',
  'form.csrf': 'This form has expired. Reload the page and try again.',

  'nav.upload': 'Upload',
  'nav.myVideos': 'My videos',

  'error.title': 'Something went wrong',
  'error.back': 'Back to the home page',
} as const;
