import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppNav } from "@/components/layout/app-nav";
import { themeInitScript } from "@/components/layout/theme";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Identity Steward", template: "%s · Identity Steward" },
  description: "Governance for Microsoft Entra managed identities",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The inline script sets data-theme on <html> before hydration, so React must not flag the difference.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Our own constant, not data: resolves the stored theme before the first paint. */}
        <script dangerouslySetInnerHTML={{ __html: themeInitScript }} />
      </head>
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <Providers>
          <div className="flex min-h-screen flex-col lg:flex-row">
            <AppNav />
            {/* min-w-0 lets wide tables scroll inside their own container instead of widening the page. */}
            <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-10 lg:py-8">
              {children}
            </main>
          </div>
        </Providers>
      </body>
    </html>
  );
}
