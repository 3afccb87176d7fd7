/**
 * The English catalogue: every string the pages show. `{name}` placeholders are filled by `t()`.
 * The French catalogue must have the same keys (the type checker enforces it).
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

  'watch.views': '{count} views',
  'watch.download': 'Download:',
  'watch.processing': 'This video is being processed. It will play here in a few seconds.',
  'watch.failed': 'Transcoding of this video failed.',

  'watch.category': 'Category',
  'watch.licence': 'Licence',
  'watch.language': 'Language',
  'watch.tags': 'Tags',
  'watch.privacy': 'Privacy',
  'watch.like': 'Like',
  'watch.dislike': 'Dislike',
  'watch.signInToRate': 'Sign in to rate this video',
  'watch.share': 'Share',
  'watch.shareLink': 'Link to this video',
  'watch.embedCode': 'Embed code',
  'watch.copy': 'Copy',
  'watch.copied': 'Copied',
  'watch.support': 'Support',
  'watch.nsfwTitle': 'Sensitive content.',
  'watch.nsfwBody': 'This video may contain content some viewers find disturbing.',
  'watch.nsfwShow': 'Show the video',

  'comments.title': 'Comments',
  'comments.count': '{count} comments',
  'comments.add': 'Add a comment',
  'comments.post': 'Comment',
  'comments.reply': 'Reply',
  'comments.postReply': 'Post the reply',
  'comments.deleted': 'Deleted comment',
  'comments.disabled': 'Comments are disabled for this video.',
  'comments.signIn': 'Sign in to comment',
  'comments.none': 'No comments yet.',

  'error.title': 'Something went wrong',
  'error.back': 'Back to the home page',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
